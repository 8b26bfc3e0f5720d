"""The purse ledger: double entry in integer centavos. Debits are positive,
credits negative, and every transaction sums to zero."""

from dataclasses import dataclass

SUBSIDY_FUND = "programme:subsidy-fund"
SUPPLIER_SPENDING = "expenses:supplies"


def purse(kitchen_id: str) -> str:
    return f"purse:{kitchen_id}"


@dataclass(frozen=True)
class Posting:
    account: str
    amount_centavos: int


class Unbalanced(ValueError):
    pass


def balanced(*postings: Posting) -> tuple[Posting, ...]:
    if any(not isinstance(p.amount_centavos, int) or p.amount_centavos == 0 for p in postings):
        raise Unbalanced("postings are non-zero integer centavos")
    if sum(p.amount_centavos for p in postings) != 0:
        raise Unbalanced(f"postings sum to {sum(p.amount_centavos for p in postings)}, not 0")
    return postings


def subsidy_credit(kitchen_id: str, amount_centavos: int) -> tuple[Posting, ...]:
    return balanced(
        Posting(purse(kitchen_id), amount_centavos), Posting(SUBSIDY_FUND, -amount_centavos)
    )


def purchase_debit(kitchen_id: str, amount_centavos: int) -> tuple[Posting, ...]:
    return balanced(
        Posting(SUPPLIER_SPENDING, amount_centavos), Posting(purse(kitchen_id), -amount_centavos)
    )
