# Resource: allocate memory 256 MiB at a time until refused (about the per-process limit), then let go
# and carry on. The cell ends normally and the notebook is graded in full.
# %% new after setup
_blocks = []
try:
    for _ in range(64):
        _blocks.append(b"x" * (256 * 2**20))
except MemoryError:
    pass
print(f"held {len(_blocks) * 256} MiB before MemoryError")
del _blocks
