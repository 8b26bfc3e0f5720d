"""Path parameters the routes share."""

from typing import Annotated

from fastapi import Path

from shared.contracts.kitchens import KITCHEN_ID_PATTERN

# Checked at the door, so a refusal can name the code without repeating arbitrary text.
KitchenId = Annotated[
    str, Path(pattern=KITCHEN_ID_PATTERN, description="Kitchen code assigned by the programme.")
]
