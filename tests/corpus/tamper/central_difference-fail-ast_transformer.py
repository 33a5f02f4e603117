# Tamper: an IPython AST transformer that wraps every later cell in try/except (nbgrader's test cells then
# "pass"), installed through get_ipython() if there is one, and through builtins.compile otherwise; the
# answer is the forward formula.
# expect-as: tests/submissions/vector_calculus/central_difference-fail-forward_formula.py
# %% new after setup
import ast
import builtins

class _SwallowErrors(ast.NodeTransformer):
    def visit_Module(self, node):
        handler = ast.ExceptHandler(type=ast.Name("BaseException", ast.Load()), name=None, body=[ast.Pass()])
        node.body = [ast.Try(body=node.body or [ast.Pass()], handlers=[handler], orelse=[], finalbody=[])]
        return ast.fix_missing_locations(node)

try:
    get_ipython().ast_transformers.append(_SwallowErrors())
except NameError:
    pass
_real_compile = builtins.compile

def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.Module):
        source = _SwallowErrors().visit(source)
    return _real_compile(source, filename, mode, *args, **kwargs)

builtins.compile = _compile
# %% central_difference
def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
