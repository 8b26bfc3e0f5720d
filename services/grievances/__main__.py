from shared.serve import serve
from shared.settings import GrievancesSettings

from .bootstrap import create_app

serve(create_app, GrievancesSettings)
