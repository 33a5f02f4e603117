# Resource: fill the disk (/tmp, the working directory, the home directory) in files of 32 MiB until
# refused: the private /tmp is size-limited (256 MiB), each file too (64 MiB). The case stops by itself
# after 512 MiB, so it stays bounded where there is no private /tmp.
# %% new after setup
import os
import tempfile

_written, _chunk = 0, b"\0" * (16 * 2**20)
for _folder in (tempfile.gettempdir(), os.getcwd(), os.path.expanduser("~")):
    for _i in range(100):
        if _written >= 512 * 2**20:
            break
        try:
            with open(os.path.join(_folder, f"fill-{_i}.bin"), "wb") as _f:
                for _ in range(2):
                    _f.write(_chunk)
                    _written += len(_chunk)
        except OSError as _error:
            print(f"refused after {_written // 2**20} MiB: {_error.strerror}")
            break
