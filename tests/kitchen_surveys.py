"""A committee's survey as the tests fill it in: one score for each aspect the kitchens
service asks about (services/kitchens/domain/surveys.py ASPECTS)."""

SCORES = {
    "service_quality": 4,
    "treatment": 5,
    "hygiene_and_upkeep": 4,
    "food_quality": 3,
    "use_of_subsidy": 4,
    "attention_to_requests": 4,
}
