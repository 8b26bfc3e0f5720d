"""What shared.database_roles hands each app, and the passwords it refuses."""

import pytest

from shared.database_roles import check_password, generate_passwords, role_name, role_url


def test_a_roles_url_keeps_the_server_database_and_options_of_the_administrators():
    admin = "postgresql://owner:s3cret@db.internal:6543/socialprogrammes?sslmode=verify-full"
    assert role_url(admin, "grievances", "p" * 32) == (
        f"postgresql://grievances_app:{'p' * 32}@db.internal:6543/socialprogrammes"
        "?sslmode=verify-full"
    )
    assert role_url("postgresql://postgres@127.0.0.1:5432/x", "console", "c" * 30) == (
        f"postgresql://console_app:{'c' * 30}@127.0.0.1:5432/x"
    )


@pytest.mark.parametrize(
    "password",
    ["short-one", "a" * 23, "with@at-sign-and-long-enough-0123", "with space long enough 0123456"],
)
def test_a_short_password_or_one_a_url_would_garble_is_refused(password):
    with pytest.raises(ValueError, match="KITCHENS_DB_PASSWORD"):
        check_password("kitchens", password)


def test_generated_passwords_are_accepted_and_differ_per_role():
    passwords = generate_passwords(["beneficiaries", "kitchens", "grievances", "console"])
    for schema, password in passwords.items():
        check_password(schema, password)
    assert len(set(passwords.values())) == 4
    assert {role_name(s) for s in passwords} == {
        "beneficiaries_app",
        "kitchens_app",
        "grievances_app",
        "console_app",
    }
