# Escape: os._exit(0) in a cell of its own ends the student's process. The grader starts a fresh sandbox,
# replays the earlier cells without this one, and grades everything else in full.
# %% new after setup
import os
os._exit(0)
