"""Every refusal the services (and the console's own forms) can give, by its code:
`refusal.<code>` says why in the reader's words, `refusal.<code>.<field>` when a field
needs its own sentence, `refusal.field.<name>` names a field in words, and
`refusal.fallback.*` speaks for a code no label knows yet. rules/refusals.py fills in
{field} (the field in words) and the refusal's parameters as a reader reads them:
centavos in pesos, days in words, codes in words."""

REFUSALS: dict[str, tuple[str, str]] = {
    # When no label knows the code: a sentence naming the field, by the kind of refusal.
    "refusal.fallback": (
        "Revise «{field}»: falta o no es válido.",
        "Check “{field}”: it is missing or not valid.",
    ),
    "refusal.fallback.403": (
        "Su cuenta no puede hacer esto.",
        "Your account may not do this.",
    ),
    "refusal.fallback.404": (
        "No se encontró lo que busca ({field}).",
        "What you looked for was not found ({field}).",
    ),
    "refusal.fallback.409": (
        "No se puede: choca con lo que ya está registrado ({field}).",
        "Not possible: it clashes with what is recorded ({field}).",
    ),
    "refusal.page": ("Rechazado: {sentence}", "Refused: {sentence}"),
    # Forms the services validate (pydantic's error types, shared/text.py).
    "refusal.missing": ("Falta «{field}».", "“{field}” is missing."),
    "refusal.too_long": (
        "«{field}» admite hasta {max_length} caracteres.",
        "“{field}” takes at most {max_length} characters.",
    ),
    "refusal.too_short": (
        "«{field}» necesita al menos {min_length} caracteres.",
        "“{field}” needs at least {min_length} characters.",
    ),
    "refusal.greater_than": (
        "«{field}» debe ser mayor que {gt}.",
        "“{field}” must be more than {gt}.",
    ),
    "refusal.at_least": ("«{field}» debe ser al menos {ge}.", "“{field}” must be at least {ge}."),
    "refusal.less_than": (
        "«{field}» debe ser menor que {lt}.",
        "“{field}” must be less than {lt}.",
    ),
    "refusal.at_most": ("«{field}» puede ser a lo más {le}.", "“{field}” may be at most {le}."),
    "refusal.pattern_mismatch": (
        "«{field}» no tiene la forma esperada.",
        "“{field}” is not in the expected form.",
    ),
    "refusal.pattern_mismatch.kitchen_id": (
        "La clave lleva de 3 a 40 letras mayúsculas, números y guiones, como CDMX-IZT-0042.",
        "A code has 3 to 40 capital letters, digits and dashes, like CDMX-IZT-0042.",
    ),
    "refusal.not_a_date": (
        "«{field}» debe ser una fecha del calendario.",
        "“{field}” must be a calendar date.",
    ),
    "refusal.not_a_datetime": (
        "«{field}» debe ser una fecha con hora.",
        "“{field}” must be a date and time.",
    ),
    "refusal.date_in_past": (
        "«{field}» debe ser una fecha por venir.",
        "“{field}” must be a date still to come.",
    ),
    "refusal.not_a_whole_number": (
        "«{field}» debe ser un número entero.",
        "“{field}” must be a whole number.",
    ),
    "refusal.not_a_number": (
        "«{field}» debe ser un número.",
        "“{field}” must be a number.",
    ),
    "refusal.not_a_number.fees_collected_centavos": (
        "Escriba una cantidad en pesos, por ejemplo 1,850.50.",
        "Enter an amount in pesos, for example 1,850.50.",
    ),
    "refusal.not_yes_or_no": ("«{field}» debe ser sí o no.", "“{field}” must be yes or no."),
    "refusal.not_one_of": (
        "«{field}» debe ser una de las opciones ofrecidas.",
        "“{field}” must be one of the options offered.",
    ),
    "refusal.not_an_id": (
        "«{field}» no es un identificador válido.",
        "“{field}” is not a valid identifier.",
    ),
    "refusal.not_text": ("«{field}» debe ser texto.", "“{field}” must be text."),
    "refusal.not_a_list": ("«{field}» debe ser una lista.", "“{field}” must be a list."),
    "refusal.wrong_shape": (
        "«{field}» no tiene la forma esperada.",
        "“{field}” does not have the expected shape.",
    ),
    "refusal.unexpected_field": (
        "«{field}» no forma parte de este formulario.",
        "“{field}” is not part of this form.",
    ),
    "refusal.not_json": (
        "Lo enviado no se pudo leer; vuelva a intentarlo.",
        "What was sent could not be read; try again.",
    ),
    "refusal.not_a_url": ("«{field}» no es una dirección web.", "“{field}” is not a web address."),
    "refusal.invalid_value": (
        "Revise «{field}»: no es un valor válido.",
        "Check “{field}”: it is not a valid value.",
    ),
    "refusal.unstorable_text": (
        "«{field}» contiene caracteres que no se pueden guardar.",
        "“{field}” contains characters that cannot be stored.",
    ),
    "refusal.malformed_body": (
        "Lo enviado no se pudo leer; vuelva a intentarlo.",
        "What was sent could not be read; try again.",
    ),
    "refusal.not_found": ("No se encontró lo que busca.", "What you looked for was not found."),
    "refusal.method_not_allowed": (
        "Esta acción no está disponible aquí.",
        "This action is not available here.",
    ),
    "refusal.refused": (
        "La solicitud no fue aceptada.",
        "The request was not accepted.",
    ),
    # Who may call a service (shared/service_auth.py): a console fault, never the reader's.
    "refusal.caller_not_allowed": (
        "El servicio no aceptó la llamada de la consola; avise a soporte.",
        "The service did not accept the console's call; tell support.",
    ),
    "refusal.caller_not_authenticated": (
        "El servicio no reconoció a la consola; avise a soporte.",
        "The service did not recognise the console; tell support.",
    ),
    "refusal.service_not_configured": (
        "El servicio aún no está configurado para atender a la consola; avise a soporte.",
        "The service is not yet set up to serve the console; tell support.",
    ),
    "refusal.acting_person_missing": (
        "Vuelva a iniciar sesión e inténtelo otra vez.",
        "Sign in again and try once more.",
    ),
    "refusal.acting_assertion_refused": (
        "Su sesión no se pudo comprobar: vuelva a iniciar sesión e inténtelo otra vez.",
        "Your session could not be verified: sign in again and try once more.",
    ),
    "refusal.role_read_only": (
        "Su cuenta es de solo lectura: puede consultar, no cambiar.",
        "Your account is read-only: it may look, not change.",
    ),
    # Shared by several services.
    "refusal.date_in_future": (
        "El {day} todavía no llega: registre solo lo que ya ocurrió.",
        "{day} has not come yet: record only what has happened.",
    ),
    "refusal.reason_required": (
        "Escriba el motivo: es obligatorio para esta acción.",
        "Give the reason: this action needs one.",
    ),
    # The registry (services/beneficiaries).
    "refusal.reading_reason_required": (
        "Para abrir un expediente escriba el motivo (unas palabras: por qué ahora).",
        "To open a case file give the reason (a few words: why now).",
    ),
    "refusal.merge_same_person": (
        "No se puede fusionar a una persona consigo misma.",
        "A person cannot be merged with herself.",
    ),
    "refusal.no_such_person": ("No se encontró a esa persona.", "That person was not found."),
    "refusal.person_already_merged": (
        "Esa persona ya fue fusionada en otro expediente.",
        "That person was already merged into another case file.",
    ),
    "refusal.no_such_merge": ("No se encontró esa fusión.", "That merge was not found."),
    "refusal.merge_already_undone": (
        "Esa fusión ya se deshizo.",
        "That merge was already undone.",
    ),
    "refusal.survivor_merged_later": (
        "El expediente que quedó fue fusionado después en otro: primero deshaga esa fusión.",
        "The remaining case file was later merged into another: undo that merge first.",
    ),
    "refusal.no_such_review_task": (
        "No se encontró esa revisión.",
        "That review was not found.",
    ),
    "refusal.review_already_decided": (
        "Esta revisión ya se decidió ({review_status}).",
        "This review was already decided ({review_status}).",
    ),
    "refusal.not_a_candidate": (
        "Elija a una de las personas propuestas en la revisión.",
        "Choose one of the people the review proposes.",
    ),
    "refusal.record_already_belongs": (
        "El registro ya pertenece a esa persona.",
        "The record already belongs to that person.",
    ),
    "refusal.person_merged_away": (
        "Esta persona fue fusionada en otra: registre el seguimiento en ese expediente.",
        "This person was merged into another: record follow-up on that case file.",
    ),
    "refusal.already_graduated": ("Esta persona ya egresó.", "This person has already graduated."),
    "refusal.control_characters": (
        "«{field}» contiene caracteres de control.",
        "“{field}” contains control characters.",
    ),
    "refusal.ends_before_start": (
        "La fecha de término es anterior a la de inicio.",
        "The end date is before the start date.",
    ),
    "refusal.no_letters": ("«{field}» no tiene letras.", "“{field}” has no letters."),
    "refusal.surname_required": (
        "Una persona necesita al menos un apellido.",
        "A person needs at least one surname.",
    ),
    "refusal.birth_date_too_early": (
        "La fecha de nacimiento es anterior a 1900.",
        "The birth date is before 1900.",
    ),
    "refusal.curp_required": (
        "Falta la CURP: el tipo de identificación elegido es CURP.",
        "The CURP is missing: the identification type chosen is CURP.",
    ),
    "refusal.curp_malformed": (
        "La CURP no es válida: tiene 18 caracteres con letras y números en su lugar.",
        "The CURP is not valid: it has 18 characters, letters and digits in their places.",
    ),
    "refusal.elcsa_item_count": (
        "El hogar responde {expected} preguntas de la ELCSA; se recibieron {given}.",
        "The household answers {expected} ELCSA questions; {given} were received.",
    ),
    "refusal.graduation_before_enrolment": (
        "La fecha de egreso es anterior a su primer registro en el programa, el "
        "{first_enrolled_on}.",
        "The graduation date is before her first enrolment, on {first_enrolled_on}.",
    ),
    "refusal.agency_required": (
        "Una cuenta de trabajo social actúa por una agencia; avise a soporte.",
        "A caseworker account acts for an agency; tell support.",
    ),
    "refusal.no_such_record": ("No se encontró ese registro.", "That record was not found."),
    "refusal.another_agencys_record": (
        "Ese registro es de otra agencia: cada agencia envía solo los suyos.",
        "That record is another agency's: each agency sends only its own.",
    ),
    "refusal.search_needs_a_clue": (
        "Escriba un nombre, una CURP o una fecha de nacimiento.",
        "Give a name, a CURP or a birth date.",
    ),
    "refusal.supervisor_only": (
        "Solo una supervisora protege a una mujer o retira la protección.",
        "Only a supervisor protects a woman or lifts it.",
    ),
    # The console's own forms.
    "refusal.verdict_required": (
        "Elija «misma persona» (y cuál) o «personas distintas».",
        "Choose “same person” (and which) or “different people”.",
    ),
    "refusal.choose_a_person": (
        "Elija a la persona de la lista de búsqueda.",
        "Choose the person from the search list.",
    ),
    "refusal.elcsa_unanswered": (
        "Falta responder la pregunta {item}.",
        "Question {item} is not answered.",
    ),
    "refusal.graduation_criteria_unmet": (
        "Aún no cumple los criterios de egreso: {criteria}.",
        "The graduation criteria are not met yet: {criteria}.",
    ),
    "refusal.username_invalid": (
        "El usuario lleva de 3 a 64 caracteres: minúsculas, números, punto, guion y guion bajo.",
        "A username has 3 to 64 characters: lower-case letters, digits, dot, dash, underscore.",
    ),
    "refusal.needs_agency": (
        "Una cuenta de trabajo social necesita su agencia.",
        "A caseworker account needs its agency.",
    ),
    "refusal.needs_kitchen": (
        "Una cuenta de comité de comedor necesita su comedor.",
        "A kitchen committee account needs its kitchen.",
    ),
    "refusal.agency_not_for_role": (
        "Solo las cuentas de trabajo social llevan agencia: deje la agencia en blanco.",
        "Only caseworker accounts have an agency: leave the agency blank.",
    ),
    "refusal.kitchen_not_for_role": (
        "Solo las cuentas de comité de comedor llevan comedor: deje el comedor en blanco.",
        "Only kitchen committee accounts have a kitchen: leave the kitchen blank.",
    ),
    "refusal.username_taken": ("Ese usuario ya existe.", "That username is taken."),
    "refusal.no_such_account": ("No existe esa cuenta.", "There is no such account."),
    "refusal.wrong_current_password": (
        "La contraseña actual no es correcta.",
        "The current password is not right.",
    ),
    "refusal.cannot_disable_self": (
        "No puede desactivar su propia cuenta.",
        "You cannot disable your own account.",
    ),
    "refusal.reset_own_password": (
        "Cambie su propia contraseña con la actual, desde «Mi cuenta».",
        "Change your own password with your current one, from “My account”.",
    ),
    # Grievances (services/grievances).
    "refusal.unknown_action": (
        "Esa acción no existe para un caso.",
        "That action does not exist for a case.",
    ),
    "refusal.action_not_allowed_now": (
        "No se puede «{action}» un caso en estado «{case_status}».",
        "A case that is “{case_status}” cannot be “{action}”.",
    ),
    "refusal.assignee_required": (
        "Indique a quién se asigna el caso.",
        "Say whom the case is assigned to.",
    ),
    "refusal.answer_required": (
        "Para resolver el caso escriba la respuesta que recibirá quien lo reportó.",
        "To resolve the case write the answer the reporter will receive.",
    ),
    "refusal.question_required": (
        "Escriba la pregunta para quien reportó.",
        "Write the question for the reporter.",
    ),
    "refusal.window_closed": (
        "El plazo de {window_days} días para «{action}» venció el {closed_on}.",
        "The {window_days}-day window to “{action}” closed on {closed_on}.",
    ),
    "refusal.reveal_role_required": (
        "Revelar la identidad de quien reporta es tarea de la oficial de revelación de identidad.",
        "Revealing a reporter's identity is the identity-reveal officer's task.",
    ),
    "refusal.reveal_needs_another_officer": (
        "Quien pidió la revelación no puede decidirla: debe hacerlo otra oficial.",
        "The officer who asked cannot decide: another officer must.",
    ),
    "refusal.reveal_only_to_requester": (
        "La identidad se muestra solo a la oficial que la pidió.",
        "The identity is shown only to the officer who asked.",
    ),
    "refusal.reveal_already_decided": (
        "Esta solicitud ya se decidió.",
        "This request was already decided.",
    ),
    "refusal.reveal_declined": (
        "Esta solicitud fue rechazada.",
        "This request was declined.",
    ),
    "refusal.reveal_awaits_approval": (
        "Esta solicitud espera la aprobación de otra oficial.",
        "This request awaits another officer's approval.",
    ),
    "refusal.reveal_already_shown": (
        "La identidad ya se mostró una vez para esta solicitud.",
        "The identity was already shown once for this request.",
    ),
    "refusal.reveal_needs_an_account": (
        "Cada paso de una revelación lo da una oficial con su cuenta.",
        "Each reveal step is taken by an officer with her own account.",
    ),
    "refusal.not_an_email_address": (
        "Escriba un correo electrónico como nombre@dominio.mx.",
        "Give an e-mail address like name@domain.mx.",
    ),
    "refusal.not_a_phone_number": (
        "Escriba un teléfono de 10 a 15 dígitos.",
        "Give a phone number of 10 to 15 digits.",
    ),
    "refusal.no_notices_for_whistleblower": (
        "Una denuncia de alerta no recibe avisos: se sigue solo con su folio.",
        "A whistleblower report gets no notices: follow it with its receipt alone.",
    ),
    "refusal.no_notices_when_anonymous": (
        "Un reporte anónimo se sigue solo con su folio.",
        "An anonymous report is followed with its receipt alone.",
    ),
    "refusal.subject_not_expected": (
        "Sin tema específico no se indica a qué se refiere.",
        "With no specific subject, nothing is named.",
    ),
    "refusal.subject_required": (
        "Indique a qué {subject_kind} se refiere el reporte.",
        "Say which {subject_kind} the report is about.",
    ),
    "refusal.reporter_when_anonymous": (
        "Un reporte anónimo no lleva datos de quien reporta.",
        "An anonymous report carries no reporter details.",
    ),
    "refusal.reporter_required": (
        "Escriba los datos de quien reporta, o marque el reporte como anónimo.",
        "Give the reporter's details, or mark the report anonymous.",
    ),
    "refusal.officer_records_this_channel": (
        "Un reporte por «{channel}» lo registra una oficial de quejas con su cuenta.",
        "A report by “{channel}” is recorded by a grievance officer with her account.",
    ),
    "refusal.backdating_not_allowed": (
        "Solo una oficial que registra una llamada o visita indica cuándo se recibió.",
        "Only an officer recording a call or visit says when it was received.",
    ),
    "refusal.no_such_case": ("No se encontró ese caso.", "That case was not found."),
    "refusal.grievance_officer_only": (
        "Mover un caso es tarea de una oficial de quejas.",
        "Moving a case is a grievance officer's task.",
    ),
    "refusal.unknown_receipt": (
        "Ningún caso tiene ese código.",
        "No case has that code.",
    ),
    "refusal.no_named_reporter": (
        "Este caso no tiene a una persona identificada que lo reportó.",
        "This case has no named reporter.",
    ),
    "refusal.no_such_reveal_request": (
        "No se encontró esa solicitud en este caso.",
        "That request was not found on this case.",
    ),
    "refusal.sealing_key_missing": (
        "La identidad está sellada con una llave que el servicio aún no tiene; avise a soporte.",
        "The identity is sealed with a key the service does not hold yet; tell support.",
    ),
    # Community kitchens (services/kitchens).
    "refusal.unknown_kitchen": (
        "No hay un comedor registrado con esa clave.",
        "No kitchen is registered with that code.",
    ),
    "refusal.unknown_flag": ("Este comedor no tiene esa alerta.", "This kitchen has no such flag."),
    "refusal.before_opening": (
        "El {day} es anterior a la apertura del comedor, el {opening_date}.",
        "{day} is before the kitchen opened, on {opening_date}.",
    ),
    "refusal.not_an_operating_day": (
        "El {day} no es día de operación: los comedores operan de lunes a viernes.",
        "{day} is not an operating day: kitchens operate Monday to Friday.",
    ),
    "refusal.declared_holiday": (
        "El {day} es día festivo ({holiday}): el comedor no opera.",
        "{day} is a declared holiday ({holiday}): the kitchen does not operate.",
    ),
    "refusal.kitchen_not_active_that_day": (
        "El {day} el comedor estaba «{kitchen_status}»: no operó.",
        "On {day} the kitchen was “{kitchen_status}”: it did not operate.",
    ),
    "refusal.kitchen_not_registered_that_day": (
        "El {day} el comedor aún no estaba registrado.",
        "On {day} the kitchen was not registered yet.",
    ),
    "refusal.no_fee_in_force": (
        "El {day} no había una cuota de recuperación vigente.",
        "No recovery fee was in force on {day}.",
    ),
    "refusal.committee_incomplete": (
        "El comité tiene {members} integrantes activos y necesita al menos {minimum}: el "
        "comedor no puede reportar hasta completarlo.",
        "The committee has {members} active members and needs at least {minimum}: the "
        "kitchen cannot report until it is completed.",
    ),
    "refusal.day_already_reported": (
        "Ya hay un reporte del {day}. Para cambiarlo use «Corregir un reporte».",
        "{day} is already reported. To change it use “Correct a report”.",
    ),
    "refusal.nothing_to_amend": (
        "No hay un reporte del {day} que corregir: envíelo como reporte del día.",
        "There is no report for {day} to correct: send it as the day's report.",
    ),
    "refusal.month_already_credited": (
        "El subsidio de {month} ya se pagó: los reportes de ese mes ya no pueden cambiar.",
        "The subsidy for {month} was already paid: its reports can no longer change.",
    ),
    "refusal.fees_do_not_match": (
        "Las cuotas cobradas ({fees_collected_centavos}) no corresponden a {rations} raciones "
        "con la cuota de recuperación vigente de {fee_centavos}: se esperaban "
        "{expected_centavos} (se admite una diferencia de hasta {tolerance_percent} %).",
        "The fees collected ({fees_collected_centavos}) do not match {rations} rations at the "
        "recovery fee in force of {fee_centavos}: {expected_centavos} were expected (up to "
        "{tolerance_percent}% difference is allowed).",
    ),
    "refusal.committee_too_small": (
        "El comité fundador necesita al menos {minimum} integrantes; se dieron {members}. "
        "Sume a más personas antes de registrar el comedor.",
        "The founding committee needs at least {minimum} members; {members} were given. "
        "Add more people before registering the kitchen.",
    ),
    "refusal.not_an_active_member": (
        "Esa persona ya no es integrante activa del comité.",
        "That person is no longer an active member of the committee.",
    ),
    "refusal.left_before_joining": (
        "El {day} es anterior a la fecha en que la persona entró al comité, el {joined_on}.",
        "{day} is before the person joined the committee, on {joined_on}.",
    ),
    "refusal.committee_would_fall_below_minimum": (
        "No se puede registrar esta salida: el comité quedaría con {remaining} integrantes "
        "activos y necesita al menos {minimum}. Primero sume a otra persona. Si la salida es "
        "inevitable (fallecimiento o cambio de domicilio), márquela así: se registrará, el "
        "comedor quedará señalado y no podrá reportar hasta completar el comité.",
        "This departure cannot be recorded: the committee would have {remaining} active "
        "members and needs at least {minimum}. Add another person first. If the departure is "
        "unavoidable (death or moving away), mark it so: it is recorded, the kitchen is "
        "flagged and cannot report until the committee is completed.",
    ),
    "refusal.single_seat_taken": (
        "Un comité tiene una sola presidencia y una sola tesorería: «{member_role}» aparece "
        "{given} veces.",
        "A committee has one president and one treasurer: “{member_role}” appears {given} times.",
    ),
    "refusal.nothing_to_change": ("No cambió ningún dato.", "Nothing was changed."),
    "refusal.already_in_status": (
        "El comedor ya está «{kitchen_status}».",
        "The kitchen is already “{kitchen_status}”.",
    ),
    "refusal.status_change_not_allowed": (
        "Un comedor «{kitchen_status}» no puede pasar a «{wanted_status}».",
        "A “{kitchen_status}” kitchen cannot become “{wanted_status}”.",
    ),
    "refusal.not_after_last_report": (
        "La decisión no puede tomar efecto el {day}: debe ser posterior al último día "
        "reportado, el {last_report_day}.",
        "The decision cannot take effect on {day}: it must be after the last day reported, "
        "{last_report_day}.",
    ),
    "refusal.before_previous_decision": (
        "La decisión no puede tomar efecto el {day}: es anterior a la decisión previa, del "
        "{last_decision_day}.",
        "The decision cannot take effect on {day}: it is before the previous decision, of "
        "{last_decision_day}.",
    ),
    "refusal.kitchen_closed_that_day": (
        "El {day} el comedor estaba cerrado: no se registran compras de ese día.",
        "The kitchen was closed on {day}: no purchase is recorded for that day.",
    ),
    "refusal.receipt_already_recorded": (
        "Ese comprobante ya está registrado para este comedor.",
        "That receipt is already recorded for this kitchen.",
    ),
    "refusal.year_out_of_range": (
        "El año debe estar entre {first_year} y {last_year}.",
        "The year must be between {first_year} and {last_year}.",
    ),
    "refusal.survey_score_missing": (
        "Califique los seis aspectos, de 1 a 5; falta «{aspect}».",
        "Score all six aspects from 1 to 5; “{aspect}” is missing.",
    ),
    "refusal.flag_already_in_status": (
        "Esta alerta ya está «{flag_status}».",
        "This flag is already “{flag_status}”.",
    ),
    "refusal.flag_review_not_allowed": (
        "Una alerta «{flag_status}» no puede pasar a «{wanted_flag_status}».",
        "A “{flag_status}” flag cannot become “{wanted_flag_status}”.",
    ),
    "refusal.month_not_ended": (
        "Solo se acredita un mes que ya terminó: {month} aún no termina.",
        "Only a month that has ended is credited: {month} has not ended yet.",
    ),
    "refusal.no_subsidy_rate": (
        "Solo se acredita un mes con una tarifa de subsidio vigente cada día, y {month} no "
        "la tiene.",
        "Only a month with a subsidy rate in force every day is credited, and {month} lacks one.",
    ),
    "refusal.survey_date_out_of_range": (
        "La fecha de la encuesta debe estar entre la apertura del comedor, el {opening_date}, "
        "y hoy.",
        "The survey date must be between the kitchen's opening, {opening_date}, and today.",
    ),
    "refusal.kitchen_already_registered": (
        "Ya hay un comedor registrado con esa clave.",
        "A kitchen with that code is already registered.",
    ),
    "refusal.programme_staff_only": (
        "Esta decisión es del personal del programa: su cuenta no puede tomarla.",
        "This decision is programme staff's: your account may not take it.",
    ),
    "refusal.period_ends_before_start": (
        "El periodo termina el {end}, antes de empezar el {start}.",
        "The period ends on {end}, before it starts on {start}.",
    ),
    "refusal.period_too_long": (
        "Un periodo abarca a lo más {max_days} días.",
        "A period spans {max_days} days at most.",
    ),
    # Fields named in words, where no form label names them.
    "refusal.field.attended_on": ("Fecha en que asistió", "Date attended"),
    "refusal.field.assessed_on": ("Fecha de la entrevista", "Date of the interview"),
    "refusal.field.graduated_on": ("Fecha de egreso", "Graduation date"),
    "refusal.field.person_id": ("Persona", "Person"),
    "refusal.field.answers": ("Respuestas", "Answers"),
    "refusal.field.hours": ("Horas", "Hours"),
    "refusal.field.title": ("Título", "Title"),
    "refusal.field.absorbed_person_id": ("Persona a fusionar", "Person to merge in"),
    "refusal.field.verdict": ("Decisión", "Decision"),
    "refusal.field.birth_date": ("Fecha de nacimiento", "Birth date"),
    "refusal.field.decision_reason": ("Motivo de la decisión", "Reason for the decision"),
    "refusal.field.reason": ("Motivo", "Reason"),
    "refusal.field.answer": ("Respuesta", "Answer"),
    "refusal.field.question": ("Pregunta", "Question"),
    "refusal.field.assignee": ("Asignada a", "Assigned to"),
    "refusal.field.action": ("Acción", "Action"),
    "refusal.field.description": ("Descripción", "Description"),
    "refusal.field.reporter": ("Datos de quien reporta", "Reporter's details"),
    "refusal.field.notices": ("Avisos", "Notices"),
    "refusal.field.address": ("Dirección para avisos", "Address for notices"),
    "refusal.field.subject": ("Tema", "Subject"),
    "refusal.field.category": ("Categoría", "Category"),
    "refusal.field.received_at": ("Fecha de recepción", "Date received"),
    "refusal.field.receipt": ("Código de seguimiento", "Follow-up code"),
    "refusal.field.username": ("Usuario", "Username"),
    "refusal.field.display_name": ("Nombre", "Name"),
    "refusal.field.scope": ("Agencia o comedor", "Agency or kitchen"),
    "refusal.field.password": ("Contraseña", "Password"),
    "refusal.field.current_password": ("Contraseña actual", "Current password"),
    "refusal.field.unknown": ("un dato del formulario", "a field of the form"),
    # The enrolment form (screens/enrolment.py): the registry's refusals of a person's details.
    "refusal.date_in_future.birth_date": (
        "La fecha de nacimiento todavía no llega: revise el año, el mes y el día.",
        "The birth date has not come yet: check the year, month and day.",
    ),
    "refusal.curp_malformed.national_id": (
        "La CURP no es válida: revise cada carácter; el último (dígito verificador) no "
        "corresponde a los demás o el formato no es el de una CURP.",
        "The CURP is not valid: check each character; the last one (the check digit) does not "
        "match the others or the format is not a CURP's.",
    ),
    # An offline entry resent with other figures under the id of one already recorded.
    "refusal.entry_id_reused": (
        "Este envío ya se había recibido con otras cifras; vuelva a capturarlo.",
        "This entry was already received with other figures; enter it again.",
    ),
    # Any service, for a role whose work the route is not (the registry's persons, a
    # kitchen's entries, the grievance queue): the console offers no such screen.
    "refusal.role_not_served": (
        "Esta tarea no le corresponde a su rol: la hace otra área del programa.",
        "This task is not your role's: another part of the programme does it.",
    ),
}
