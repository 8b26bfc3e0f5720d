from shared.serve import serve

from .bootstrap import create_app

serve(create_app)
