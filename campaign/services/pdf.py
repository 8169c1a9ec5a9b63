"""PDF copies of the generated documents through LibreOffice (`soffice --headless --convert-to pdf`), when the
server has it: with a time limit, its own profile folder (two conversions at once never share one), and a
Vietnamese refusal when it is absent or fails. The .docx stays the document; the PDF is a convenience."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import ServiceError

TIMEOUT_SECONDS = 90
ABSENT = ("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF. Hãy tải bản Word (.docx) "
          "hoặc đề nghị quản trị hệ thống cài gói libreoffice-writer.")


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    program = converter()
    if program is None:
        raise ServiceError(ABSENT)
    with tempfile.TemporaryDirectory(prefix="campaign-pdf-") as folder:
        work = Path(folder)
        source = work / "van-ban.docx"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as error:
            raise ServiceError(f"LibreOffice không chuyển xong bản PDF trong {TIMEOUT_SECONDS} giây. "
                               "Hãy tải bản Word (.docx) hoặc thử lại sau.") from error
        except (subprocess.CalledProcessError, OSError) as error:
            raise ServiceError("LibreOffice không chuyển được văn bản sang PDF. Hãy tải bản Word (.docx).") from error
        result = work / "van-ban.pdf"
        if not result.is_file():
            raise ServiceError("LibreOffice không chuyển được văn bản sang PDF. Hãy tải bản Word (.docx).")
        return result.read_bytes()
