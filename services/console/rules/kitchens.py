"""Money on the kitchens screen: the service counts centavos, people read and type pesos."""

from decimal import Decimal, InvalidOperation


def pesos(centavos: int | None) -> str:
    """`$1,234.50` (`-$12.00` for a negative amount); an amount not given shows as a dash."""
    if centavos is None:
        return "—"
    sign = "-" if centavos < 0 else ""
    return f"{sign}${abs(centavos) / 100:,.2f}"


def centavos(pesos_text: str) -> int | None:
    """The amount a person typed in pesos (`1,234.5`), in centavos; None when it is not a number."""
    try:
        return int((Decimal(pesos_text.strip().replace(",", "")) * 100).to_integral_value())
    except InvalidOperation:
        return None
