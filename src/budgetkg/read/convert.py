"""LibreOffice headless conversion, for formats only LibreOffice reads well (old Word .doc).

Each conversion runs its own LibreOffice instance with a throw-away profile
in a temporary directory (so it neither waits for nor disturbs a LibreOffice
the user has open), and is killed with its whole process group when it
takes longer than the timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ReadError

CONVERT_TIMEOUT = 180.0  # seconds: a 200-page .doc converts in well under a minute
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer) so that soffice is on PATH"
)


def find_soffice() -> str | None:
    """The LibreOffice program on PATH (``soffice`` or ``libreoffice``), or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(
    data: bytes, source: str, suffix: str, target: str, what: str, timeout: float | None = None
) -> bytes:
    """The bytes of ``data`` (a ``suffix`` file) converted by LibreOffice to ``target`` (``"docx"``).

    ``what`` names the format in errors (``"an old Word (.doc) file"``).
    Raises :class:`ReadError` when LibreOffice is missing, fails or times out.
    """
    timeout = CONVERT_TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(
            source, f"{what} needs LibreOffice to be read: {INSTALL_HINT}, or save it as .{target}"
        )
    with tempfile.TemporaryDirectory(prefix="budgetkg-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input{suffix}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, cwd=tmp
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReadError(source, f"LibreOffice did not convert {what} within {timeout:g} s") from None
        result = out / f"input.{target}"
        if proc.returncode != 0 or not result.exists():
            detail = err.decode(errors="replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {proc.returncode}"
            raise ReadError(source, f"LibreOffice could not convert {what}: {reason}")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the conversion and every process it started (soffice runs soffice.bin)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
