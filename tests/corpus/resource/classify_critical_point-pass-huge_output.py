# Resource: print 50 MB, write 16 MB more straight to the file descriptors, and display a 10,000-element
# repr. What is kept is capped and marked; the notebook stays small and is graded in full.
# %% new after setup
import os
import sys

for _ in range(50):
    sys.stdout.write("y" * 10**6)
os.write(1, b"z" * 2**23)
os.write(2, b"z" * 2**23)
list(range(10_000))
