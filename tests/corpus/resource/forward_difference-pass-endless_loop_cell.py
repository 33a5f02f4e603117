# Resource: a cell that never ends. It is stopped at the cell time limit and dropped; the notebook goes on
# in a fresh sandbox and is graded in full.
# %% new after setup
while True:
    pass
