"""Words of the accounts screen (admins: list, create, unlock)."""

LABELS: dict[str, tuple[str, str]] = {
    "admin.title": ("Cuentas de la consola", "Console accounts"),
    "admin.display_name": ("Nombre", "Name"),
    "admin.role": ("Rol", "Role"),
    "admin.scope": ("Agencia / comedor", "Agency / kitchen"),
    "admin.agency": ("Agencia (solo trabajadoras sociales)", "Agency (caseworkers only)"),
    "admin.kitchen": ("Comedor (solo comités)", "Kitchen (committees only)"),
    "admin.locked": ("Bloqueada hasta {until}", "Locked until {until}"),
    "admin.failures": ("Intentos fallidos", "Failed attempts"),
    "admin.last_sign_in": ("Último acceso", "Last sign-in"),
    "admin.unlock": ("Desbloquear", "Unlock"),
    "admin.unlocked": ("Cuenta {username} desbloqueada.", "Account {username} unlocked."),
    "admin.create": ("Crear cuenta", "Create account"),
    "admin.created": ("Cuenta {username} creada.", "Account {username} created."),
    "admin.password_hint": (
        "Contraseña inicial (10 caracteres o más)",
        "Initial password (10 characters or more)",
    ),
    "admin.events": ("Accesos recientes", "Recent sign-ins"),
    "admin.event_at": ("Cuándo", "When"),
    "admin.event_outcome": ("Resultado", "Outcome"),
    "admin.event_detail": ("Detalle", "Detail"),
}
