"""Words of the people screen: the search, the case file and a record's decisions."""

LABELS: dict[str, tuple[str, str]] = {
    "people.title": ("Buscar una persona", "Find a person"),
    "people.name": ("Nombre y apellidos", "Name and surnames"),
    "people.curp": ("CURP", "CURP"),
    "people.birth_date": ("Fecha de nacimiento", "Birth date"),
    "people.reason_hint": (
        "Motivo de la consulta (queda registrado)",
        "Reason for looking (it is logged)",
    ),
    "people.search": ("Buscar", "Search"),
    "people.results": ("Resultados: {n}", "Results: {n}"),
    "people.none_found": (
        "Nadie coincide (o no es visible para su agencia).",
        "Nobody matches (or is visible to your agency).",
    ),
    "people.give_something": (
        "Escriba un nombre, una CURP o una fecha de nacimiento.",
        "Give a name, a CURP or a birth date.",
    ),
    "people.municipality": ("Municipio", "Municipality"),
    "people.open": ("Abrir expediente", "Open case file"),
    "case.title": ("Expediente", "Case file"),
    "case.reason_needed": (
        "Antes de abrir el expediente, indique el motivo. Cada consulta queda registrada.",
        "Before opening the case file, say why. Every read is logged.",
    ),
    "case.open": ("Abrir", "Open"),
    "case.read_for": ("Consultado por: «{reason}»", "Read for: “{reason}”"),
    "case.identity": ("Identidad", "Identity"),
    "case.sex": ("Sexo", "Sex"),
    "case.place": ("Lugar", "Place"),
    "case.phone": ("Teléfono", "Phone"),
    "case.protection": ("Protección", "Protection"),
    "case.protected": (
        "Protegida: su localidad y su teléfono no se comparten con otras agencias, "
        "aunque haya dado su consentimiento.",
        "Protected: her locality and phone are not shared with other agencies, "
        "even with her consent.",
    ),
    "case.not_protected": (
        "Sin protección: sus datos se comparten según su consentimiento.",
        "Not protected: her details are shared as she consented.",
    ),
    # A caseworker is not told of a protection that comes only from a record not shared with
    # her (the registry's protection_told), so "not protected" would not always be true for her.
    "case.no_protection_told": ("Sin protección indicada.", "No protection indicated."),
    "case.lift_protection": ("Levantar la protección", "Lift the protection"),
    "case.set_protection": ("Proteger a esta persona", "Protect this person"),
    "case.protection_reason": ("Motivo (queda registrado)", "Reason (it is recorded)"),
    "case.protection_lifted": (
        "{when}: {who} levantó la protección. Motivo: {reason}",
        "{when}: {who} lifted the protection. Reason: {reason}",
    ),
    "case.protection_set": (
        "{when}: {who} protegió a la persona. Motivo: {reason}",
        "{when}: {who} protected the person. Reason: {reason}",
    ),
    "case.merged_into": ("Fusionada en", "Merged into"),
    "case.open_merged_into": (
        "Abrir el expediente en que se fusionó",
        "Open the case file she was merged into",
    ),
    "case.records": ("Registros de las agencias", "Agency records"),
    "case.agency": ("Agencia", "Agency"),
    "case.record_id": ("Folio de la agencia", "Agency record"),
    "case.programme": ("Programa y apoyo", "Programme and benefit"),
    "case.period": ("Vigencia", "Period"),
    "case.consent": ("Consiente compartir", "Consents to sharing"),
    "case.records_scope": (
        "Se muestran los registros de su agencia y los que otras agencias comparten con el "
        "consentimiento de la persona. De los demás no se muestra nada.",
        "Shown: your agency's records and those other agencies share with her consent. "
        "Nothing is shown of the others.",
    ),
    "case.match": ("Cómo se vinculó", "How it was linked"),
    "case.outcome": ("Decisión", "Decision"),
    "case.score": (
        "Puntaje {score} (umbrales {lower} / {upper})",
        "Score {score} (thresholds {lower} / {upper})",
    ),
    "case.agreed": ("Coinciden", "Agree"),
    "case.disagreed": ("Difieren", "Disagree"),
    "case.held_back": ("Retenido por", "Held back by"),
    "case.history": ("Historial de decisiones", "Decision history"),
    "case.overlaps": ("Apoyos que se traslapan", "Overlapping support"),
    "case.overlap_between": ("{first} y {second} se traslapan", "{first} and {second} overlap"),
    "case.overlap_unshared": (
        "El apoyo «{programme}» de su agencia se traslapa con el apoyo de otro organismo; "
        "los datos de ese apoyo no se comparten sin el consentimiento de la persona",
        "Your agency's “{programme}” overlaps support from another agency; that support's "
        "details are not shared without her consent",
    ),
    "case.overlap_elsewhere": (
        "un registro que ya no es de esta persona",
        "a record no longer hers",
    ),
    "case.overlap_open": ("abierto", "open"),
    "case.overlap_cleared": ("resuelto {when}", "cleared {when}"),
    "case.merges": ("Fusiones", "Merges"),
    "case.merge": ("Fusionar otra persona en esta", "Merge another person into this one"),
    "case.merged_on": ("Fusión del {when}", "Merge of {when}"),
    "case.unmerge": ("Deshacer fusión", "Undo merge"),
    "case.unmerged": ("deshecha {when}", "undone {when}"),
    "case.reviews": ("Revisiones de duplicados", "Duplicate reviews"),
    "case.meals": ("Comidas recibidas", "Meals received"),
    "case.meals_summary": (
        "{n} comidas en {kitchens} comedor(es); la última el {last}.",
        "{n} meals at {kitchens} kitchen(s); the last on {last}.",
    ),
    "case.trainings": ("Capacitaciones", "Trainings"),
    "case.hours": ("Horas", "Hours"),
    "case.date": ("Fecha", "Date"),
    "case.training": ("Capacitación", "Training"),
    "case.assessments": ("Seguridad alimentaria (ELCSA)", "Food security (ELCSA)"),
    "case.level": ("Nivel", "Level"),
    "case.graduated": ("Egresó el {day}", "Graduated on {day}"),
    "case.grievances": ("Quejas y solicitudes sobre la persona", "Grievances about the person"),
    "case.grievances_unavailable": (
        "El servicio de quejas no responde; no se muestran.",
        "The grievances service is not answering; none shown.",
    ),
    "case.notes": ("Notas", "Notes"),
    "case.add_note": ("Agregar nota", "Add note"),
    "case.access_log": ("Quién consultó este expediente", "Who read this case file"),
    "level.secure": ("seguridad", "secure"),
    "level.mild": ("inseguridad leve", "mild insecurity"),
    "level.moderate": ("inseguridad moderada", "moderate insecurity"),
    "level.severe": ("inseguridad severa", "severe insecurity"),
    "records.title": (
        "Decisiones sobre un registro de agencia, de la más antigua a la más reciente",
        "Decisions about an agency record, oldest first",
    ),
}
