"""Words of the enrolment form: a caseworker enrols a person in her agency's programme, and
the registry's answer (a new person, linked to one it knows, or held for a caseworker's
review)."""

LABELS: dict[str, tuple[str, str]] = {
    "nav.enrol": ("Registrar a una persona", "Enrol a person"),
    "enrol.title": ("Registrar a una persona en un programa", "Enrol a person in a programme"),
    "enrol.intro": (
        "Capture los datos como los tiene su agencia ({agency}). El registro busca si la "
        "persona ya existe y le dice qué decidió.",
        "Enter the details as your agency ({agency}) holds them. The registry looks for the "
        "person among those it knows and tells you what it decided.",
    ),
    "enrol.link": ("Registrar a una persona nueva", "Enrol a new person"),
    "enrol.refused": ("No se registró", "Not enrolled"),
    "enrol.person": ("La persona", "The person"),
    "enrol.given_names": ("Nombre(s)", "Given names"),
    "enrol.paternal_surname": ("Apellido paterno", "Paternal surname"),
    "enrol.maternal_surname": ("Apellido materno", "Maternal surname"),
    "enrol.surname_hint": (
        "Al menos un apellido; deje vacío el que no tenga.",
        "At least one surname; leave empty the one she does not have.",
    ),
    "enrol.sex": ("Sexo (como en su CURP)", "Sex (as on her CURP)"),
    "enrol.birth_date": ("Fecha de nacimiento", "Birth date"),
    "enrol.national_id": ("CURP (si la tiene)", "CURP (if she has one)"),
    "enrol.state": ("Estado", "State"),
    "enrol.municipality": ("Municipio", "Municipality"),
    "enrol.phone": ("Teléfono (si lo tiene)", "Phone (if she has one)"),
    "enrol.support": ("El apoyo", "The support"),
    "enrol.programme": ("Programa", "Programme"),
    "enrol.benefit_type": ("Tipo de apoyo", "Kind of support"),
    "enrol.started_on": ("Fecha de inicio del apoyo", "Date the support starts"),
    "enrol.consent_to_share": (
        "La persona acepta que su registro se comparta con otras agencias del programa",
        "The person agrees to her record being shared with the programme's other agencies",
    ),
    "enrol.agency_record_id": ("Folio del expediente en su agencia", "Your agency's file number"),
    "enrol.agency_record_hint": (
        "El número con que su agencia archiva este expediente. Si lo escribe, volver a enviarlo "
        "con el mismo folio corrige este registro en lugar de crear otro. Si su agencia no usa "
        "folios, déjelo vacío: la consola le asigna uno.",
        "The number your agency files this record under. With it, sending again with the same "
        "number corrects this record instead of making another. If your agency has no such "
        "numbers, leave it empty: the console gives it one.",
    ),
    "enrol.submit": ("Registrar", "Enrol"),
    "enrol.result_title": ("Resultado del registro", "Enrolment result"),
    "enrol.result.new_person": (
        "El registro no conocía a {name}: es una persona nueva.",
        "The registry did not know {name}: she is a new person.",
    ),
    "enrol.result.linked": (
        "{name} ya estaba en el registro: este apoyo se agregó a su expediente.",
        "{name} was already in the registry: this support was added to her case file.",
    ),
    "enrol.result.pending_review": (
        "{name} se parece a una persona que ya está en el registro, pero no lo suficiente "
        "para decidirlo solo: una trabajadora social comparará los dos registros. Mientras "
        "tanto el apoyo queda en un expediente provisional.",
        "{name} resembles a person already in the registry, but not enough to decide it "
        "alone: a caseworker will compare the two records. Meanwhile the support is kept in "
        "a provisional case file.",
    ),
    "enrol.result.record_updated": (
        "Su agencia ya había enviado este folio: el registro de {name} se actualizó.",
        "Your agency had sent this file number before: {name}'s record was updated.",
    ),
    "enrol.open_case_file": ("Abrir su expediente", "Open her case file"),
    "enrol.open_review": ("Ver la revisión pendiente", "See the pending review"),
    "enrol.another": ("Registrar a otra persona", "Enrol another person"),
}
