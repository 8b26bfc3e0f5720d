"""The registry's HTTP routes, for people through the console (agency systems use
Kafka), as bootstrap mounts them."""

from .enrolment_routes import enrolments
from .follow_up_routes import router as follow_up
from .person_routes import merges, persons
from .review_routes import reviews

routers = [enrolments, persons, reviews, merges, follow_up]
