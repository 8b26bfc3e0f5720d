"""Words of a caseworker's follow-up forms (trainings, the ELCSA questionnaire, graduation),
the merge picker, the outcome indicator, and the registry's codes the case file and the
review screens show (agreement levels, decisions, benefit types, dates in words)."""

# The ELCSA items (FAO, Escala Latinoamericana y Caribeña de Seguridad Alimentaria, 2012), in
# the order the registry scores them: 1-8 every household answers, 9-15 only households with
# minors. Each is asked "in the last three months, for lack of money or other resources".
_ELCSA = (
    (
        "¿Alguna vez usted se preocupó porque los alimentos se acabaran en su hogar?",
        "Did you ever worry that the food in your household would run out?",
    ),
    (
        "¿Alguna vez en su hogar se quedaron sin alimentos?",
        "Did your household ever run out of food?",
    ),
    (
        "¿Alguna vez en su hogar dejaron de tener una alimentación saludable y balanceada?",
        "Did your household ever stop having a healthy, balanced diet?",
    ),
    (
        "¿Alguna vez usted o algún adulto en su hogar tuvo una alimentación basada en poca "
        "variedad de alimentos?",
        "Did you or another adult of your household ever eat only a few kinds of food?",
    ),
    (
        "¿Alguna vez usted o algún adulto en su hogar dejó de desayunar, comer o cenar?",
        "Did you or another adult of your household ever skip breakfast, lunch or dinner?",
    ),
    (
        "¿Alguna vez usted o algún adulto en su hogar comió menos de lo que debía comer?",
        "Did you or another adult of your household ever eat less than you should?",
    ),
    (
        "¿Alguna vez usted o algún adulto en su hogar sintió hambre pero no comió?",
        "Were you or another adult of your household ever hungry but did not eat?",
    ),
    (
        "¿Alguna vez usted o algún adulto en su hogar solo comió una vez al día o dejó de "
        "comer durante todo un día?",
        "Did you or another adult of your household ever eat only once a day, or go a whole "
        "day without eating?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar dejó de tener una alimentación "
        "saludable y balanceada?",
        "Did anyone under 18 in your household ever stop having a healthy, balanced diet?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar tuvo una alimentación basada en poca "
        "variedad de alimentos?",
        "Did anyone under 18 in your household ever eat only a few kinds of food?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar dejó de desayunar, comer o cenar?",
        "Did anyone under 18 in your household ever skip breakfast, lunch or dinner?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar comió menos de lo que debía?",
        "Did anyone under 18 in your household ever eat less than they should?",
    ),
    (
        "¿Alguna vez tuvieron que disminuir la cantidad servida en las comidas a algún menor "
        "de 18 años del hogar?",
        "Did you ever have to serve less food to anyone under 18 in your household?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar sintió hambre pero no comió?",
        "Was anyone under 18 in your household ever hungry but did not eat?",
    ),
    (
        "¿Alguna vez algún menor de 18 años en su hogar solo comió una vez al día o dejó de "
        "comer durante todo un día?",
        "Did anyone under 18 in your household ever eat only once a day, or go a whole day "
        "without eating?",
    ),
)

_MONTHS = (
    ("enero", "January"),
    ("febrero", "February"),
    ("marzo", "March"),
    ("abril", "April"),
    ("mayo", "May"),
    ("junio", "June"),
    ("julio", "July"),
    ("agosto", "August"),
    ("septiembre", "September"),
    ("octubre", "October"),
    ("noviembre", "November"),
    ("diciembre", "December"),
)

LABELS: dict[str, tuple[str, str]] = {
    **{f"elcsa.item.{n}": texts for n, texts in enumerate(_ELCSA, start=1)},
    **{f"month.{n}": texts for n, texts in enumerate(_MONTHS, start=1)},
    "nav.outcomes": ("Resultados", "Outcomes"),
    "casework.back": ("Volver al expediente", "Back to the case file"),
    "casework.of": ("Expediente de {name}", "Case file of {name}"),
    "casework.record_training": ("Registrar una capacitación", "Record a training"),
    "casework.record_assessment": (
        "Aplicar el cuestionario ELCSA",
        "Take the ELCSA questionnaire",
    ),
    "casework.graduate": ("Egreso del programa", "Graduation from the programme"),
    "casework.save": ("Guardar", "Save"),
    "casework.continue": ("Continuar", "Continue"),
    "training.kind": ("Área", "Area"),
    "training.kind.food": ("Alimentación", "Food"),
    "training.kind.production": ("Producción", "Production"),
    "training.kind.occupation": ("Ocupación", "Occupation"),
    "training.kind.health": ("Salud", "Health"),
    "training.kind.employment": ("Empleo", "Employment"),
    "training.title": ("Nombre del curso o taller", "Course or workshop"),
    "training.attended_on": ("Fecha en que asistió", "Date attended"),
    "training.hours": ("Horas", "Hours"),
    "elcsa.intro": (
        "Lea cada pregunta a la persona. Todas se refieren a los últimos 3 meses, por falta de "
        "dinero u otros recursos.",
        "Read each question to her. All are about the last 3 months, for lack of money or "
        "other resources.",
    ),
    "elcsa.assessed_on": ("Fecha de la entrevista", "Date of the interview"),
    "elcsa.household": ("¿Viven menores de 18 años en el hogar?", "Do minors live in the home?"),
    "elcsa.with_minors": (
        "Sí: el hogar tiene menores (15 preguntas)",
        "Yes: the household has minors (15 questions)",
    ),
    "elcsa.without_minors": (
        "No: el hogar no tiene menores (8 preguntas)",
        "No: the household has no minors (8 questions)",
    ),
    "elcsa.questions": ("{n} preguntas", "{n} questions"),
    "elcsa.result": ("Resultado del cuestionario ELCSA", "ELCSA questionnaire result"),
    "elcsa.score": (
        "Respuestas afirmativas: {score} de {items}",
        "Yes answers: {score} out of {items}",
    ),
    "elcsa.scale": ("Escala para {items} preguntas:", "Scale for {items} questions:"),
    "elcsa.scale_range": ("{level}: {low} a {high}", "{level}: {low} to {high}"),
    "elcsa.scale_one": ("{level}: {score}", "{level}: {score}"),
    "elcsa.recorded": (
        "Evaluación registrada. El registro calculó el puntaje y el nivel.",
        "Assessment recorded. The registry computed the score and the level.",
    ),
    "graduation.criteria": ("Criterios del programa", "The programme's criteria"),
    "graduation.intro": (
        "Una persona egresa cuando completó su acompañamiento: tiene un registro en el "
        "programa, tomó capacitaciones y se midió su seguridad alimentaria al ingresar y al "
        "egresar, para saber si mejoró.",
        "A person graduates when her follow-up is complete: she has a record in the programme, "
        "attended trainings, and her food security was measured at intake and at graduation, "
        "to know whether it improved.",
    ),
    "graduation.enrolled": (
        "Tiene un registro en el programa desde antes de la fecha de egreso",
        "She has a record in the programme from before the graduation date",
    ),
    "graduation.trained": (
        "Asistió al menos a una capacitación",
        "She attended at least one training",
    ),
    "graduation.assessed": (
        "Tiene una evaluación ELCSA de ingreso y otra posterior, a más tardar en la fecha de "
        "egreso",
        "She has an intake ELCSA assessment and a later one, on or before the graduation date",
    ),
    "graduation.not_yet": ("No ha egresado antes", "She has not graduated before"),
    "graduation.not_merged": (
        "Su expediente no fue fusionado en otro",
        "Her case file was not merged into another",
    ),
    "graduation.not_future": ("La fecha de egreso no es futura", "The date is not in the future"),
    "graduation.met": ("cumple", "met"),
    "graduation.unmet": ("no cumple", "not met"),
    "graduation.date": ("Fecha de egreso", "Graduation date"),
    "graduation.check": ("Revisar los criterios en esta fecha", "Check the criteria on this date"),
    "graduation.confirm": ("Registrar el egreso", "Record the graduation"),
    "merge.title": ("Fusionar otra persona en esta", "Merge another person into this one"),
    "merge.intro": (
        "Busque a la otra persona por nombre o CURP. Sus registros pasarán a este expediente; "
        "la fusión se puede deshacer.",
        "Look the other person up by name or CURP. Her records will move into this case file; "
        "the merge can be undone.",
    ),
    "merge.pick": ("Elija a la persona que se fusiona", "Choose the person to merge in"),
    "merge.age": ("{years} años", "{years} years old"),
    "merge.no_place": ("sin municipio", "no municipality"),
    "merge.none": (
        "Nadie más coincide (o no es visible para su agencia).",
        "Nobody else matches (or is visible to your agency).",
    ),
    "merge.search": ("Buscar", "Search"),
    "outcomes.title": ("Resultados del programa", "Programme outcomes"),
    "outcomes.intro": (
        "Proporción de egresadas cuya seguridad alimentaria mejoró entre la evaluación ELCSA de "
        "ingreso y la última antes de su egreso.",
        "Share of graduates whose food security improved between the intake ELCSA assessment "
        "and the last one before graduating.",
    ),
    "outcomes.overall": ("Desde el inicio", "Since the start"),
    "outcomes.quarter": ("Trimestre", "Quarter"),
    "outcomes.quarter_name": ("{first} a {last} de {year}", "{first} to {last} {year}"),
    "outcomes.graduates": ("Egresadas", "Graduates"),
    "outcomes.assessable": ("Con dos evaluaciones", "With two assessments"),
    "outcomes.improved": ("Mejoraron", "Improved"),
    "outcomes.share": ("Proporción", "Share"),
    "outcomes.share_value": ("{pct} %", "{pct}%"),
    "outcomes.no_share": ("sin datos", "no data"),
    "outcomes.trend": ("Tendencia por trimestre", "Trend by quarter"),
    "outcomes.chart": (
        "Gráfica: proporción que mejoró en cada trimestre",
        "Chart: share that improved each quarter",
    ),
    "sex.M": ("Mujer", "Woman"),
    "sex.H": ("Hombre", "Man"),
    "sex.X": ("No binario", "Non-binary"),
    "benefit.food_basket": ("Despensa", "Food basket"),
    "benefit.food_voucher": ("Vale de alimentos", "Food voucher"),
    "benefit.violence_support": ("Atención por violencia", "Support against violence"),
    "benefit.training": ("Capacitación", "Training"),
    "decision.new_person": ("Persona nueva", "New person"),
    "decision.linked": ("Vinculado a una persona existente", "Linked to an existing person"),
    "decision.pending_review": ("En revisión", "Under review"),
    "decision.record_updated": ("Registro actualizado", "Record updated"),
    "decision.same_person": ("Misma persona (revisión)", "Same person (review)"),
    "decision.different_people": ("Personas distintas (revisión)", "Different people (review)"),
    "decision.merged": ("Fusionado", "Merged"),
    "decision.unmerged": ("Fusión deshecha", "Merge undone"),
    "decision.by_registry": ("decidido por el registro", "decided by the registry"),
    "decision.by_person": ("decidido por {who}", "decided by {who}"),
    "why.linked": (
        "puntaje igual o mayor que el umbral superior",
        "score at or above the upper threshold",
    ),
    "why.review": ("puntaje entre los dos umbrales", "score between the thresholds"),
    "why.new": (
        "ninguna candidata alcanzó el umbral inferior",
        "no candidate reached the lower threshold",
    ),
    "why.held_back": ("retenido: {reasons}", "held back: {reasons}"),
    "why.held_person": (
        "coincide con una persona en revisión: se deciden juntas",
        "matches a person held for review: both are decided together",
    ),
    "why.joins": (
        "misma CURP que un registro en revisión: se decide con él",
        "the same CURP as a record held for review: decided with it",
    ),
    "why.split": (
        "coincide con más de una persona: se propone fusionarlas",
        "links to more than one person: merging them is proposed",
    ),
    "why.known_namesakes": (
        "coincide igual con dos personas que sus CURP distinguen, salvo en dónde viven",
        "as close to two people their CURPs tell apart, but for where they live",
    ),
    "why.outweigh": (
        "la misma CURP y el mismo teléfono pesan más que: {reasons}",
        "the same CURP and phone outweigh: {reasons}",
    ),
    "why.curp_outweighs": (
        "la misma CURP, válida para los dos registros, pesa más que: {reasons}",
        "the same CURP, valid for both records, outweighs: {reasons}",
    ),
    "why.misspelt": (
        "los nombres parecen uno solo mal escrito",
        "the given names read as one name misspelt",
    ),
    "why.re_resolution": ("revisión al cambiar el modelo de comparación", "model re-resolution"),
    "held.given_names_differ": ("los nombres difieren", "the given names differ"),
    "held.birth_dates_differ": ("las fechas de nacimiento difieren", "the birth dates differ"),
    "held.sex_differs": ("el sexo difiere", "the sex differs"),
    "held.distinct_valid_curps": ("dos CURP válidas distintas", "two distinct valid CURPs"),
    "held.another_record_holds_another_valid_curp": (
        "otro registro de esa persona tiene otra CURP válida",
        "another of that person's records holds another valid CURP",
    ),
    "held.near_birth_date_without_identifier": (
        "fechas de nacimiento cercanas sin CURP ni teléfono en común",
        "near birth dates with no CURP or phone in common",
    ),
    "held.nothing_beyond_name_and_birth_date": (
        "solo coinciden el nombre y la fecha de nacimiento",
        "only the name and birth date agree",
    ),
    "held.namesakes_in_one_municipality": (
        "nombre muy común: hay homónimas nacidas ese día en el mismo municipio",
        "a very common name: namesakes were born that day in the same municipality",
    ),
    "held.one_surname_differs": (
        "un apellido es otro y no hay CURP ni teléfono en común",
        "one surname is another and no CURP or phone is in common",
    ),
    "held.curps_differ": (
        "las dos CURP son distintas y solo coinciden el nombre, la fecha y el municipio",
        "the two CURPs differ and only the name, birth date and municipality agree",
    ),
    "held.curp_of_fewer_names": (
        "la única CURP se emitió sin el otro nombre que trae el otro registro",
        "the only CURP was issued without the other name the other record carries",
    ),
    "held.nested_given_names_often_two_people": (
        "un nombre está dentro del otro, y en este padrón eso suele ser de gemelas o gemelos",
        "one given name is inside the other, which in this registry is often twins",
    ),
    "held.given_names_and_sex_differ": (
        "otro nombre y otro sexo: dos hermanos",
        "another given name and another sex: two siblings",
    ),
    "held.birth_dates_differ_with_nothing_in_common": (
        "nacieron en fechas distintas y no comparten CURP ni teléfono",
        "born on different dates, with no CURP or phone in common",
    ),
    "held.namesakes_expected_by_chance": (
        "con ese nombre, otras personas nacen así de cerca por azar, y nada más coincide",
        "with that name, others are born this close by chance, and nothing else agrees",
    ),
    "why.told_apart": (
        "persona nueva, distinta de la más parecida: {reasons}",
        "a new person, told apart from the closest: {reasons}",
    ),
    "match.fields": ("Datos comparados", "Fields compared"),
    "match.missing": ("Sin dato", "No data"),
    "match.field.curp": ("CURP", "CURP"),
    "match.field.given_names": ("nombre(s)", "given names"),
    "match.field.surnames": ("apellidos", "surnames"),
    "match.field.birth_date": ("fecha de nacimiento", "birth date"),
    "match.field.sex": ("sexo", "sex"),
    "match.field.place": ("lugar", "place"),
    "match.field.phone": ("teléfono", "phone"),
    "level.curp.exact_trusted": ("idéntica y válida", "identical and valid"),
    "level.curp.exact": ("idéntica", "identical"),
    "level.curp.one_off": ("difiere en un carácter", "one character apart"),
    "level.curp.different": ("distinta", "different"),
    "level.curp.missing": ("sin dato", "no data"),
    "level.given_names.exact": ("idéntico", "identical"),
    "level.given_names.subset": ("uno abreviado", "one written shorter"),
    "level.given_names.similar": ("parecido", "similar"),
    "level.given_names.different": ("distinto", "different"),
    "level.surnames.both_exact": ("ambos idénticos", "both identical"),
    "level.surnames.both_similar": ("ambos parecidos", "both similar"),
    "level.surnames.swapped": ("invertidos", "swapped"),
    "level.surnames.one_missing": ("falta uno", "one missing"),
    "level.surnames.one_differs": ("uno difiere", "one differs"),
    "level.surnames.different": ("distintos", "different"),
    "level.birth_date.exact": ("idéntica", "identical"),
    "level.birth_date.day_month_swapped": ("día y mes invertidos", "day and month swapped"),
    "level.birth_date.one_digit": ("difiere en un dígito", "one digit apart"),
    "level.birth_date.year_only": ("solo el año", "year only"),
    "level.birth_date.different": ("distinta", "different"),
    "level.birth_date.missing": ("sin dato", "no data"),
    "level.sex.agree": ("igual", "same"),
    "level.sex.disagree": ("distinto", "different"),
    "level.place.municipality": ("mismo municipio", "same municipality"),
    "level.place.state_only": ("solo el mismo estado", "same state only"),
    "level.place.different": ("distinto", "different"),
    "level.place.missing": ("sin dato", "no data"),
    "level.phone.agree": ("igual", "same"),
    "level.phone.different": ("distinto", "different"),
    "level.phone.missing": ("sin dato", "no data"),
    "access.record.case_file": ("expediente", "case file"),
    "access.record.search_result": ("resultado de búsqueda", "search result"),
    "access.record.review_task": ("tarea de revisión", "review task"),
    "access.record.match_explanation": ("explicación de una decisión", "decision explanation"),
    "review.status.open": ("pendiente", "open"),
    "review.status.same_person": ("misma persona", "same person"),
    "review.status.different_people": ("personas distintas", "different people"),
}
