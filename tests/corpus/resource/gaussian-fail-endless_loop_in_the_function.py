# Resource: gaussian never returns. Each call is stopped at the call time limit; after two such calls the
# function is not called again, so only its own checks are lost and everything else is graded.
# expect: test_gaussian=0
# %% gaussian
def gaussian(x):
    while True:
        pass
