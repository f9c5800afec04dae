"""``python -m presse.report execute-inplace notebooks`` (``make notebooks``) and
``python -m presse.report report ...`` (same as ``presse report``)."""

import sys

from presse.report.command import main

sys.exit(main())
