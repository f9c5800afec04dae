"""Run a notebook top to bottom in a fresh kernel: the one runner of ``presse.report``.

:func:`run_notebook` serves both ways notebooks are executed:

- ``presse report`` (:func:`presse.report.render_reports`) injects the corpus and tables
  folder as parameters (papermill's injection, after the cell tagged ``parameters``) and
  keeps what ran when a cell fails, so that the page can explain the failure;
- ``make notebooks`` (:func:`execute_inplace`) runs the committed notebooks on their
  default parameters and replaces each file only when every cell succeeded.

Either way the kernel is the ``python3`` kernel of the interpreter running presse, draws
inline figures, and records no timing metadata (clean diffs of committed notebooks).
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from presse.io import write_text_atomic
from presse.report.notebooks import find_notebooks
from presse.report.scrub import Scrubber

#: Kernel used to execute notebooks: ``python3`` resolves to the interpreter running presse
#: (the project's .venv), whichever ``python`` is first on PATH.
KERNEL_NAME = "python3"

#: Kernel start-up chatter (transport warnings, the interrupt at shutdown) stays out of the
#: terminal; errors inside cells are still captured in the notebook.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

_INJECTED_TAG = "injected-parameters"


@contextlib.contextmanager
def kernel_environment() -> Iterator[None]:
    """Environment for notebook kernels: inline figures even when MPLBACKEND=Agg is set.

    ipykernel keeps an MPLBACKEND it inherits (the Makefile exports Agg for scripts), and
    with Agg a notebook's figures would silently not be drawn. Also silences the debugger's
    frozen-modules warning on kernel start-up.
    """
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION")}
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def parameter_names(nb) -> set[str] | None:
    """Names assigned in the cell tagged ``parameters`` (None when there is no such cell)."""
    import ast

    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return set()
            return {
                t.id
                for node in ast.walk(tree)
                if isinstance(node, (ast.Assign, ast.AnnAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(t, ast.Name)
            }
    return None


def _inject_parameters(nb, parameters: dict, name: str):
    """Papermill's injected-parameters cell after the ``parameters`` cell; returns the notebook.

    Warns when the notebook has no ``parameters`` cell defining every name: the values
    then go to the top of the notebook, where the notebook's own defaults override them.
    """
    from papermill.parameterize import parameterize_notebook

    names = parameter_names(nb)
    if names is None or not set(parameters) <= names:
        warnings.warn(
            f"{name}: no cell tagged 'parameters' defining {' and '.join(parameters)}; "
            "the values are injected at the top of the notebook",
            stacklevel=4,
        )
    for cell in nb.cells:  # papermill's injection reads every cell's tags
        cell.metadata.setdefault("tags", [])
    nb.metadata["papermill"] = {}
    return parameterize_notebook(nb, parameters, kernel_name=KERNEL_NAME)


def show_parameters(nb, shown: dict[str, object]) -> None:
    """Rewrite the injected-parameters cell with the values a reader may see (in place)."""
    lines = ["# Parameters injected by `presse report` (paths shown relative to the project)"]
    lines += [f"{k} = {v!r}" for k, v in shown.items()]
    for cell in nb.cells:
        if _INJECTED_TAG in cell.metadata.get("tags", []):
            cell.source = "\n".join(lines)


def progress_bar(iterable, enabled: bool, **kwargs):
    """``iterable`` wrapped in a tqdm bar on stderr when ``enabled``."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)


def _cell_bar(nb, enabled: bool):
    """A progress bar over the code cells to run, or None."""
    if not enabled:
        return None
    from tqdm.auto import tqdm

    total = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    return tqdm(total=total, desc="Executing", unit="cell")


def run_notebook(
    nb,
    cwd: str | os.PathLike,
    *,
    parameters: dict | None = None,
    name: str = "notebook",
    timeout: int | None = None,
    progress: bool = False,
):
    """Execute ``nb`` in a fresh kernel started in ``cwd``; return ``(nb, error)``.

    Parameters injected by an earlier run are dropped first; ``parameters`` (if given) are
    injected anew. Outputs of earlier runs are cleared, so that after a failure the cells
    that did not run have no output and no execution count. Execution stops at the first
    cell that raises: ``error`` is ``(exception name, message)``, or None when every cell
    ran. The kernel dying or a cell over ``timeout`` seconds are errors too.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb.cells = [c for c in nb.cells if _INJECTED_TAG not in c.metadata.get("tags", [])]
    nb.metadata.pop("papermill", None)
    if parameters is not None:
        nb = _inject_parameters(nb, parameters, name)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip():
            cell.outputs, cell.execution_count = [], None
    bar = _cell_bar(nb, progress)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        record_timing=False,
        extra_arguments=_KERNEL_ARGS,
        resources={"metadata": {"path": str(cwd)}},
        on_cell_executed=(lambda **_: bar.update()) if bar is not None else None,
    )
    error = None
    try:
        with kernel_environment():
            client.execute()
    except CellExecutionError as exc:
        error = (exc.ename, exc.evalue)
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout
        error = (type(exc).__name__, str(exc))
    finally:
        if bar is not None:
            bar.close()
    return nb, error


def execute_inplace(
    notebooks_dir: str | os.PathLike | None = None,
    select: Iterable[str] | str | None = None,
    *,
    progress: bool = True,
    timeout: int | None = None,
) -> list[Path]:
    """Re-execute notebooks in place on the embedded corpus, each with a fresh kernel.

    Cells run top to bottom (execution counts 1..n), parameters stay at their defaults,
    no timing metadata is recorded (clean diffs), machine paths are scrubbed from outputs,
    and each file is replaced atomically only when its run succeeded. Returns the paths
    that were updated; raises ``RuntimeError`` naming every notebook that failed (the
    failed ones are left as they were).
    """
    import nbformat

    paths = find_notebooks(notebooks_dir, select)
    scrub = Scrubber({})
    done, failed = [], []
    for path in progress_bar(paths, progress, desc="notebooks", unit="nb"):
        nb, error = run_notebook(nbformat.read(path, as_version=4), path.parent, timeout=timeout)
        if error is not None:
            failed.append(f"{path.name}: {error[0]}: {error[1]}")
            continue
        scrub.notebook(nb)
        write_text_atomic(path, nbformat.writes(nb) + "\n")
        done.append(path)
    if failed:
        raise RuntimeError("notebooks failed (left unchanged):\n  " + "\n  ".join(failed))
    return done
