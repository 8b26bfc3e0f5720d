"""Words every page shares: the frame, navigation, roles, the start page, sign-in,
error pages and forms."""

LABELS: dict[str, tuple[str, str]] = {
    "app.title": ("Consola de programas sociales", "Social programmes console"),
    "app.skip": ("Ir al contenido", "Skip to content"),
    "nav.home": ("Inicio", "Home"),
    "nav.people": ("Personas", "People"),
    "nav.reviews": ("Revisión de duplicados", "Duplicate review"),
    "nav.admin": ("Cuentas", "Accounts"),
    "nav.kitchens": ("Comedores", "Kitchens"),
    "nav.grievances": ("Quejas", "Grievances"),
    "nav.ops": ("Operación", "Operations"),
    "nav.sign_out": ("Cerrar sesión", "Sign out"),
    "nav.language": ("English", "Español"),
    "nav.signed_in_as": ("Sesión de {name} ({role})", "Signed in as {name} ({role})"),
    "role.caseworker": ("Trabajo social", "Caseworker"),
    "role.supervisor": ("Supervisión", "Supervisor"),
    "role.kitchen_committee": ("Comité de comedor", "Kitchen committee"),
    "role.grievance_officer": ("Atención de quejas", "Grievance officer"),
    "role.identity_reveal_officer": ("Custodia de identidades", "Identity-reveal officer"),
    "role.ops": ("Operaciones", "Ops"),
    "role.auditor": ("Auditoría (solo lectura)", "Auditor (read-only)"),
    "role.admin": ("Administración", "Admin"),
    "home.title": ("Le damos la bienvenida", "Welcome"),
    "home.intro": ("Elija una sección:", "Choose a section:"),
    "home.read_only": (
        "Su cuenta es de solo lectura: puede consultar, no modificar.",
        "Your account is read-only: you can look, not change.",
    ),
    "home.scope_agency": ("Agencia: {agency}", "Agency: {agency}"),
    "home.scope_kitchen": ("Su comedor: {kitchen}", "Your kitchen: {kitchen}"),
    "sign_in.title": ("Iniciar sesión", "Sign in"),
    "sign_in.username": ("Usuario", "Username"),
    "sign_in.password": ("Contraseña", "Password"),
    "sign_in.submit": ("Entrar", "Sign in"),
    "sign_in.refused": (
        "No se pudo iniciar sesión: usuario o contraseña incorrectos, cuenta desactivada, o "
        "bloqueada temporalmente tras varios intentos fallidos.",
        "Could not sign in: wrong username or password, a disabled account, or one locked for "
        "a while after repeated failures.",
    ),
    "sign_in.signed_out": ("Sesión cerrada.", "Signed out."),
    "sign_in.expired": (
        "Su sesión terminó; vuelva a entrar.",
        "Your session ended; please sign in again.",
    ),
    "error.title": ("No se puede mostrar", "Cannot show this"),
    "error.403": ("Su cuenta no tiene permiso para esto.", "Your account may not do this."),
    "error.404": (
        "No encontrado (o no visible para su cuenta).",
        "Not found (or not visible to your account).",
    ),
    "error.csrf": (
        "Formulario rechazado: falta el código de seguridad (CSRF) o ha caducado. Vuelva a "
        "cargar la página e inténtelo de nuevo.",
        "Form refused: its security code (CSRF) is missing or has expired. Reload the page and "
        "try again.",
    ),
    "error.read_only": (
        "Las cuentas de auditoría son de solo lectura: no pueden enviar formularios.",
        "Auditor accounts are read-only: they cannot submit forms.",
    ),
    "error.unavailable": (
        "El servicio «{service}» no responde ahora. Inténtelo en unos minutos.",
        "The {service} service is not answering. Try again in a few minutes.",
    ),
    "error.too_many": (
        "Demasiados intentos desde esta conexión. Espere unos {minutes} minutos y vuelva a "
        "intentarlo.",
        "Too many attempts from this connection. Wait about {minutes} minutes and try again.",
    ),
    "nav.password": ("Cambiar contraseña", "Change password"),
    "error.back": ("Volver al inicio", "Back to the start"),
    "form.reason": ("Motivo", "Reason"),
    "common.yes": ("sí", "yes"),
    "common.no": ("no", "no"),
    "common.none": ("Nada registrado.", "Nothing recorded."),
    # The screen crawl's block: agencies by name (an agency code the console has no name
    # for is shown as sent), and greetings that hold for anyone.
    "agency.dif-jalisco": ("DIF Jalisco", "DIF Jalisco"),
    "agency.sedis-jalisco": ("SEDIS Jalisco", "SEDIS Jalisco"),
    "agency.ijm-jalisco": ("Instituto Jalisciense de las Mujeres", "Jalisco Women's Institute"),
}
