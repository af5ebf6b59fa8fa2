"""Links the documents leave implicit: which function line (项) pays for each project.

Methods, strongest first: a function code the document states for the
project; a project code that embeds a function code; amounts (a project, or
a small set of projects, adding up to a line's 项目支出); the function's
name in the project's name, goal or indicators. See :mod:`.infer`.
"""

from .infer import infer_function_links, project_lines
from .model import METHOD_ORDER, Evidence, FunctionLink

__all__ = ["METHOD_ORDER", "Evidence", "FunctionLink", "infer_function_links", "project_lines"]
