"""Community kitchens: registry, daily reports, purse and monitoring."""
