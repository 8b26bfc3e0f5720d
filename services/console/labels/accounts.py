"""Words of the accounts screen (admins: list, create, unlock, disable, enable, reset) and of
changing one's own password."""

LABELS: dict[str, tuple[str, str]] = {
    "admin.title": ("Cuentas de la consola", "Console accounts"),
    "admin.display_name": ("Nombre", "Name"),
    "admin.role": ("Rol", "Role"),
    "admin.scope": ("Agencia / comedor", "Agency / kitchen"),
    "admin.agency": ("Agencia (solo cuentas de trabajo social)", "Agency (caseworkers only)"),
    "admin.kitchen": ("Comedor (solo comités)", "Kitchen (committees only)"),
    "admin.failures": ("Intentos fallidos", "Failed attempts"),
    "admin.last_sign_in": ("Último acceso", "Last sign-in"),
    "admin.unlock": ("Desbloquear", "Unlock"),
    "admin.unlocked": ("Cuenta {username} desbloqueada.", "Account {username} unlocked."),
    "admin.create": ("Crear cuenta", "Create account"),
    "admin.created": ("Cuenta {username} creada.", "Account {username} created."),
    "admin.password_hint": (
        "Contraseña inicial (10 caracteres o más, difícil de adivinar; al entrar por primera "
        "vez tendrá que elegir la suya)",
        "Initial password (10 characters or more, hard to guess; the first sign-in must choose "
        "its own)",
    ),
    "admin.locked_from": (
        "Bloqueada desde {n} conexión(es) hasta {until}",
        "Locked from {n} connection(s) until {until}",
    ),
    "admin.disabled": ("Desactivada", "Disabled"),
    "admin.must_change": ("Contraseña temporal", "Temporary password"),
    "admin.disable": ("Desactivar", "Disable"),
    "admin.enable": ("Activar", "Enable"),
    "admin.reset": ("Restablecer contraseña", "Reset password"),
    "admin.disabled_done": (
        "Cuenta {username} desactivada: ya no puede entrar y sus sesiones terminaron.",
        "Account {username} disabled: it cannot sign in and its sessions have ended.",
    ),
    "admin.enabled_done": ("Cuenta {username} activada.", "Account {username} enabled."),
    "admin.temporary": (
        "Contraseña temporal de {username}: {password}. Désela en persona o por teléfono; sirve "
        "para una sola entrada en las próximas {hours} horas y al entrar tendrá que elegir una "
        "nueva. No se volverá a mostrar.",
        "Temporary password for {username}: {password}. Give it in person or by phone; it works "
        "for one sign-in within {hours} hours, which must choose a new one. It will not be "
        "shown again.",
    ),
    "admin.events": ("Accesos recientes", "Recent sign-ins"),
    "admin.event_at": ("Cuándo", "When"),
    "admin.event_outcome": ("Resultado", "Outcome"),
    "admin.event_detail": ("Detalle", "Detail"),
    "account.password_title": ("Cambiar contraseña", "Change password"),
    "account.must_change": (
        "Entró con una contraseña temporal (la inicial de su cuenta o la de un restablecimiento), "
        "que alguien más conoce. Elija ahora su propia contraseña para continuar.",
        "You signed in with a temporary password (your account's first or a reset's), which "
        "someone else knows. Choose your own password now to go on.",
    ),
    "account.changed": (
        "Contraseña cambiada. Sus otras sesiones se cerraron.",
        "Password changed. Your other sessions have been signed out.",
    ),
    "account.current_password": ("Contraseña actual", "Current password"),
    "account.new_password": ("Contraseña nueva", "New password"),
    "account.repeat_password": ("Repita la contraseña nueva", "Repeat the new password"),
    "account.policy": (
        "Al menos 10 caracteres. Se rechazan las contraseñas comunes, las palabras comunes con "
        "números y las que contienen su usuario o su nombre; varias palabras sin relación entre "
        "sí son fáciles de recordar y difíciles de adivinar.",
        "At least 10 characters. Common passwords, common words with digits and passwords "
        "containing your username or name are refused; a few unrelated words are easy to "
        "remember and hard to guess.",
    ),
    "account.change": ("Cambiar contraseña", "Change password"),
    "account.password_mismatch": (
        "Las dos contraseñas nuevas no coinciden.",
        "The two new passwords differ.",
    ),
    "account.wrong_current": (
        "La contraseña actual no es correcta.",
        "The current password is not right.",
    ),
    "password.too_short": (
        "La contraseña es demasiado corta: al menos 10 caracteres.",
        "The password is too short: at least 10 characters.",
    ),
    "password.guessable": (
        "Esa contraseña es fácil de adivinar (una contraseña común, una palabra común con "
        "números, o su propio nombre). Elija varias palabras sin relación entre sí.",
        "That password is easy to guess (a common password, a common word with digits, or your "
        "own name). Choose a few unrelated words.",
    ),
    "password.same": (
        "La contraseña nueva es igual a la actual.",
        "The new password is the same as the current one.",
    ),
    # The screen crawl's block: the sign-in trail in words.
    "admin.outcome.signed_in": ("Entró", "Signed in"),
    "admin.outcome.refused": ("Rechazado", "Refused"),
    "admin.outcome.locked_out": ("Bloqueada tras varios intentos", "Locked out"),
    "admin.outcome.signed_out": ("Salió", "Signed out"),
    "admin.outcome.created": ("Cuenta creada", "Account created"),
    "admin.outcome.unlocked": ("Desbloqueada", "Unlocked"),
    "admin.outcome.disabled": ("Desactivada", "Disabled"),
    "admin.outcome.enabled": ("Activada", "Enabled"),
    "admin.outcome.password_changed": ("Cambió su contraseña", "Changed own password"),
    "admin.outcome.password_reset": ("Contraseña restablecida", "Password reset"),
    "admin.detail.no_such_account": ("no existe esa cuenta", "no such account"),
    "admin.detail.locked": ("bloqueada desde esa conexión", "locked from that connection"),
    "admin.detail.disabled": ("cuenta desactivada", "account disabled"),
    "admin.detail.temporary_spent": (
        "contraseña temporal ya usada o vencida",
        "temporary password used or expired",
    ),
    "admin.detail.wrong_password": ("contraseña incorrecta", "wrong password"),
    "admin.detail.created": ("{role}, por {who}", "{role}, by {who}"),
    "admin.detail.by": ("por {who}", "by {who}"),
    "admin.detail.as_written": ("{detail}", "{detail}"),
}
