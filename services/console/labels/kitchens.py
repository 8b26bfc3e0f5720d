"""Words of the kitchens screens: the list, a kitchen's page, the programme's decisions and
figures, the committee's forms, and every code the kitchens service sends (statuses,
committee roles, flag rules and their figures, survey aspects, purchase categories) in the
reader's words. Its refusals are told by code, in refusals.py."""

LABELS: dict[str, tuple[str, str]] = {
    # The list and the page.
    "kitchens.search": ("Buscar", "Search"),
    "kitchens.search_words": ("Nombre, alcaldía o colonia", "Name, municipality or neighbourhood"),
    "kitchens.search_hint": ("p. ej. «iztapalapa» o «la esperanza»", "e.g. “iztapalapa”"),
    "kitchens.any_status": ("Cualquier estado", "Any status"),
    "kitchens.any_alcaldia": ("Todas las alcaldías", "Every municipality"),
    "kitchens.filters_on": ("Filtros activos:", "Filters on:"),
    "kitchens.remove_filter": ("quitar", "remove"),
    "kitchens.clear_filters": ("Quitar todos los filtros", "Clear every filter"),
    "kitchens.found": ("Comedores encontrados: {n}", "Kitchens found: {n}"),
    "kitchens.none_found": ("Ningún comedor coincide.", "No kitchen matches."),
    "kitchens.previous_page": ("Página anterior", "Previous page"),
    "kitchens.next_page": ("Página siguiente", "Next page"),
    "kitchens.code": ("Clave del comedor", "Kitchen code"),
    "kitchens.kitchen_id": ("Clave del comedor", "Kitchen code"),
    "kitchens.name": ("Nombre", "Name"),
    "kitchens.alcaldia": ("Alcaldía", "Municipality"),
    "kitchens.colonia": ("Colonia", "Neighbourhood"),
    "kitchens.capacity": ("Capacidad diaria", "Daily capacity"),
    "kitchens.daily_capacity": ("Capacidad diaria (raciones)", "Daily capacity (rations)"),
    "kitchens.rations_per_day": ("{n} raciones al día", "{n} rations a day"),
    "kitchens.status": ("Estado", "Status"),
    "kitchens.status.active": ("En operación", "Active"),
    "kitchens.status.suspended": ("Suspendido", "Suspended"),
    "kitchens.status.closed": ("Cerrado", "Closed"),
    "kitchens.place": ("Ubicación", "Location"),
    "kitchens.opened_on": ("Abrió el", "Opened on"),
    "kitchens.opening_date": ("Fecha de apertura", "Opening date"),
    "kitchens.marginalisation": ("Marginación", "Marginalisation"),
    "kitchens.marginalisation.high": ("Alta", "High"),
    "kitchens.marginalisation.very_high": ("Muy alta", "Very high"),
    "kitchens.purse": ("Saldo del monedero", "Purse balance"),
    "kitchens.committee": ("Comité", "Committee"),
    "kitchens.member": ("Nombre", "Name"),
    "kitchens.member_id": ("Integrante", "Member"),
    "kitchens.member_role": ("Cargo", "Role"),
    "kitchens.role": ("Cargo", "Role"),
    "kitchens.role.president": ("Presidencia", "President"),
    "kitchens.role.treasurer": ("Tesorería", "Treasurer"),
    "kitchens.role.secretary": ("Secretaría", "Secretary"),
    "kitchens.role.member": ("Integrante", "Member"),
    "kitchens.joined": ("Desde", "Since"),
    "kitchens.since": ("desde el {day}", "since {day}"),
    "kitchens.left": ("Salió el {day}", "Left on {day}"),
    "kitchens.reports": ("Reportes diarios", "Daily reports"),
    "kitchens.report_date": ("Fecha del reporte", "Report date"),
    "kitchens.rations_dine_in": (
        "Raciones servidas en el comedor",
        "Rations served in the kitchen",
    ),
    "kitchens.rations_take_away": ("Raciones para llevar", "Take-away rations"),
    "kitchens.fees_collected_centavos": ("Cuotas cobradas (pesos)", "Fees collected (pesos)"),
    "kitchens.superseded": ("corregido", "amended"),
    "kitchens.amendment": ("corrección", "amendment"),
    "kitchens.correct": ("Corregir", "Correct"),
    "kitchens.ledger": ("Movimientos del monedero", "Purse ledger"),
    "kitchens.booked_on": ("Fecha", "Date"),
    "kitchens.movement": ("Movimiento", "Movement"),
    "kitchens.amount": ("Importe", "Amount"),
    "kitchens.kind.subsidy": ("Subsidio", "Subsidy"),
    "kitchens.kind.purchase": ("Compra", "Purchase"),
    "kitchens.surveys": ("Encuestas de satisfacción", "Satisfaction surveys"),
    "kitchens.average": ("Promedio", "Average"),
    "kitchens.comment": ("Comentario", "Comment"),
    "kitchens.back_to_kitchen": ("Ver el comedor", "See the kitchen"),
    "kitchens.save": ("Guardar", "Save"),
    "kitchens.reason": ("Motivo", "Reason"),
    "kitchens.refused_title": ("No se pudo guardar", "Could not be saved"),
    # Monitoring flags.
    "kitchens.flags": ("Alertas de monitoreo", "Monitoring flags"),
    "kitchens.open_flags": ("Alertas abiertas", "Open flags"),
    "kitchens.no_open_flags": ("No hay alertas abiertas.", "No open flags."),
    "kitchens.closed_flags": ("Alertas cerradas ({n})", "Closed flags ({n})"),
    "kitchens.evidence": ("Datos de la alerta", "The flag's figures"),
    "kitchens.flag_review": ("Atender la alerta", "Review the flag"),
    "kitchens.flag_note": ("Nota de revisión: «{reason}»", "Review note: “{reason}”"),
    "kitchens.flag_closed_because": (
        "Cerrada el {day}: «{reason}»",
        "Closed on {day}: “{reason}”",
    ),
    "kitchens.flag_closed_with_case": (
        "Cerrada al terminar el caso de quejas que abrió.",
        "Closed when the grievance case it opened ended.",
    ),
    "kitchens.flag_status.open": ("Abierta", "Open"),
    "kitchens.flag_status.acknowledged": ("En revisión", "Being reviewed"),
    "kitchens.flag_status.closed": ("Cerrada", "Closed"),
    "kitchens.flag_action.acknowledged": ("Marcar en revisión", "Mark as being reviewed"),
    "kitchens.flag_action.closed": ("Cerrar la alerta", "Close the flag"),
    "kitchens.flag.rations_above_capacity": (
        "Raciones por encima de la capacidad",
        "Rations above capacity",
    ),
    "kitchens.flag.report_on_non_operating_day": (
        "Reporte en un día sin operación",
        "Report on a non-operating day",
    ),
    "kitchens.flag.repeated_count": ("Mismo conteo repetido", "The same count repeated"),
    "kitchens.flag.sudden_jump": ("Aumento repentino", "Sudden jump"),
    "kitchens.flag.spending_per_ration_outlier": (
        "Gasto por ración fuera de lo común",
        "Unusual spending per ration",
    ),
    "kitchens.flag.negative_purse_balance": ("Monedero en negativo", "Purse below zero"),
    "kitchens.flag.committee_below_minimum": ("Comité incompleto", "Committee below minimum"),
    "kitchens.flag_summary.rations_above_capacity": (
        "Se reportaron {rations} raciones y la capacidad del comedor es de {daily_capacity}.",
        "{rations} rations were reported against a capacity of {daily_capacity}.",
    ),
    "kitchens.flag_summary.report_on_non_operating_day": (
        "Se envió un reporte del {report_date}, un día en que el comedor no opera.",
        "A report was sent for {report_date}, a day the kitchen does not operate.",
    ),
    "kitchens.flag_summary.repeated_count": (
        "Se reportaron las mismas {rations} raciones {days_in_a_row} días seguidos.",
        "The same {rations} rations were reported {days_in_a_row} days in a row.",
    ),
    "kitchens.flag_summary.sudden_jump": (
        "Se reportaron {rations} raciones cuando el promedio reciente era de {recent_average}.",
        "{rations} rations were reported against a recent average of {recent_average}.",
    ),
    "kitchens.flag_summary.spending_per_ration_outlier": (
        "El gasto fue de {centavos_per_ration} por ración; la mediana de los comedores fue de "
        "{peer_median}.",
        "Spending was {centavos_per_ration} per ration against a peer median of {peer_median}.",
    ),
    "kitchens.flag_summary.negative_purse_balance": (
        "Tras una compra de {purchase_centavos}, el saldo del monedero quedó en "
        "{purse_balance_centavos}.",
        "After a purchase of {purchase_centavos} the purse balance is {purse_balance_centavos}.",
    ),
    "kitchens.flag_summary.committee_below_minimum": (
        "El comité tiene {active_members} integrantes activos (mínimo {minimum}); el comedor no "
        "puede reportar hasta completarlo.",
        "The committee has {active_members} active members (minimum {minimum}); the kitchen "
        "cannot report until it is completed.",
    ),
    "kitchens.evidence.rations": ("Raciones", "Rations"),
    "kitchens.evidence.daily_capacity": ("Capacidad diaria", "Daily capacity"),
    "kitchens.evidence.days_in_a_row": ("Días seguidos", "Days in a row"),
    "kitchens.evidence.threshold_days": ("Días que activan la alerta", "Days that raise the flag"),
    "kitchens.evidence.recent_average": ("Promedio reciente", "Recent average"),
    "kitchens.evidence.reports_averaged": ("Reportes promediados", "Reports averaged"),
    "kitchens.evidence.jump_factor": ("Aumento que activa la alerta", "Jump that raises the flag"),
    "kitchens.evidence.report_date": ("Día reportado", "Day reported"),
    "kitchens.evidence.purse_balance_centavos": ("Saldo del monedero", "Purse balance"),
    "kitchens.evidence.purchase_centavos": ("Importe de la compra", "Purchase amount"),
    "kitchens.evidence.active_members": ("Integrantes activos", "Active members"),
    "kitchens.evidence.minimum": ("Mínimo", "Minimum"),
    "kitchens.evidence.centavos_per_ration": ("Gasto por ración", "Spending per ration"),
    "kitchens.evidence.peer_median": ("Mediana de los comedores", "Peer median"),
    "kitchens.evidence.factor": ("Factor que activa la alerta", "Factor that raises the flag"),
    "kitchens.evidence.peers": ("Comedores comparados", "Kitchens compared"),
    # Survey aspects and scores.
    "kitchens.aspect.service_quality": ("Calidad del servicio", "Service quality"),
    "kitchens.aspect.treatment": ("Trato", "Treatment"),
    "kitchens.aspect.hygiene_and_upkeep": ("Higiene y mantenimiento", "Hygiene and upkeep"),
    "kitchens.aspect.food_quality": ("Calidad de los alimentos", "Food quality"),
    "kitchens.aspect.use_of_subsidy": ("Uso del subsidio", "Use of the subsidy"),
    "kitchens.aspect.attention_to_requests": (
        "Atención a solicitudes",
        "Attention to requests",
    ),
    "kitchens.score.1": ("1 · Muy mal", "1 · Very poor"),
    "kitchens.score.2": ("2 · Mal", "2 · Poor"),
    "kitchens.score.3": ("3 · Regular", "3 · Fair"),
    "kitchens.score.4": ("4 · Bien", "4 · Good"),
    "kitchens.score.5": ("5 · Muy bien", "5 · Very good"),
    # The committee's forms.
    "kitchens.report_form": ("Reporte del día", "Today's report"),
    "kitchens.report_form_intro": (
        "Capture las raciones y cuotas del día de {kitchen}.",
        "Enter the day's rations and fees of {kitchen}.",
    ),
    "kitchens.submit_report": ("Enviar reporte", "Send report"),
    "kitchens.accepted": ("Reporte aceptado", "Report accepted"),
    "kitchens.accepted_detail": (
        "Reporte del {day}: {rations} raciones, {fees} en cuotas.",
        "Report for {day}: {rations} rations, {fees} in fees.",
    ),
    "kitchens.another_report": ("Capturar otro reporte", "Enter another report"),
    "kitchens.amendment_form": ("Corregir un reporte", "Correct a report"),
    "kitchens.amendment_intro": (
        "Elija el día reportado, escriba las cifras correctas y por qué el reporte original "
        "estaba mal. El reporte original se conserva como corregido.",
        "Choose the day reported, enter the right figures and why the original was wrong. "
        "The original report is kept, marked as amended.",
    ),
    "kitchens.day_to_correct": ("Día a corregir", "Day to correct"),
    "kitchens.choose_day": ("Elija un día", "Choose a day"),
    "kitchens.show_report": ("Ver ese reporte", "Show that report"),
    "kitchens.amending": (
        "Reporte actual del {day}: {rations} raciones, {fees} en cuotas.",
        "Current report for {day}: {rations} rations, {fees} in fees.",
    ),
    "kitchens.amendment_reason": (
        "¿Por qué estaba mal el reporte original?",
        "Why was the original report wrong?",
    ),
    "kitchens.send_amendment": ("Enviar corrección", "Send the correction"),
    "kitchens.purchase_form": ("Registrar una compra", "Record a purchase"),
    "kitchens.purchase_intro": (
        "Compras pagadas con el monedero del comedor, con su comprobante.",
        "Purchases paid from the kitchen's purse, with their receipt.",
    ),
    "kitchens.purchased_on": ("Fecha de la compra", "Date of purchase"),
    "kitchens.supplier": ("Proveedor", "Supplier"),
    "kitchens.category": ("Tipo de compra", "Kind of purchase"),
    "kitchens.category.perishable": ("Perecederos", "Perishable"),
    "kitchens.category.non_perishable": ("No perecederos", "Non-perishable"),
    "kitchens.category.other": ("Otros", "Other"),
    "kitchens.amount_centavos": ("Importe (pesos)", "Amount (pesos)"),
    "kitchens.receipt_reference": ("Número de comprobante", "Receipt number"),
    "kitchens.send_purchase": ("Registrar compra", "Record purchase"),
    "kitchens.survey_form": ("Encuesta de satisfacción", "Satisfaction survey"),
    "kitchens.survey_intro": (
        "Pregunte a la persona comensal cómo califica cada aspecto, de 1 (muy mal) a 5 (muy bien).",
        "Ask the diner to rate each aspect from 1 (very poor) to 5 (very good).",
    ),
    "kitchens.surveyed_on": ("Fecha de la encuesta", "Survey date"),
    "kitchens.scores": ("Calificaciones", "Scores"),
    "kitchens.send_survey": ("Enviar encuesta", "Send survey"),
    # Programme staff's decisions.
    "kitchens.register": ("Registrar un comedor", "Register a kitchen"),
    "kitchens.register_intro": (
        "Un comedor se registra cuando ya abrió, con su comité fundador.",
        "A kitchen is registered once it has opened, with its founding committee.",
    ),
    "kitchens.founding_committee": ("Comité fundador", "Founding committee"),
    "kitchens.register_submit": ("Registrar comedor", "Register kitchen"),
    "kitchens.edit": ("Modificar datos", "Change details"),
    "kitchens.change_status": ("Suspender, cerrar o reabrir", "Suspend, close or reopen"),
    "kitchens.status_now": ("Estado actual: {status}.", "Current status: {status}."),
    "kitchens.status_rule": (
        "Un comedor en operación puede suspenderse o cerrarse; uno suspendido puede reabrirse "
        "o cerrarse; el cierre es definitivo. La decisión toma efecto hoy o en un día pasado "
        "posterior al último día reportado.",
        "An active kitchen may be suspended or closed; a suspended one reopened or closed; "
        "closing is final. A decision takes effect today or on a past day after the last day "
        "reported.",
    ),
    "kitchens.status_action.suspended": ("Suspender", "Suspend"),
    "kitchens.status_action.closed": ("Cerrar definitivamente", "Close for good"),
    "kitchens.status_action.active": ("Reabrir", "Reopen"),
    "kitchens.effective_on": ("Toma efecto el", "Takes effect on"),
    "kitchens.manage_committee": ("Comité del comedor", "The kitchen's committee"),
    "kitchens.committee_rule": (
        "Un comité necesita al menos {minimum} integrantes activos, con una sola presidencia "
        "y una sola tesorería.",
        "A committee needs at least {minimum} active members, with one president and one "
        "treasurer at most.",
    ),
    "kitchens.committee_now": ("Hoy tiene {n}.", "It has {n} today."),
    "kitchens.active_members": ("Integrantes activos", "Active members"),
    "kitchens.record_departure": ("Registrar salida", "Record a departure"),
    "kitchens.left_on": ("Fecha de salida", "Date of departure"),
    "kitchens.joined_on": ("Fecha de ingreso", "Date of joining"),
    "kitchens.unavoidable": (
        "Salida inevitable (fallecimiento o cambio de domicilio)",
        "Unavoidable departure (death or moving away)",
    ),
    "kitchens.add_member": ("Sumar integrante", "Add a member"),
    # The subsidy run.
    "kitchens.subsidy": ("Subsidio mensual", "Monthly subsidy"),
    "kitchens.subsidy_intro": (
        "Elija un mes ya terminado: primero verá lo que recibiría cada comedor por sus "
        "raciones aceptadas, y solo al confirmar se acredita.",
        "Choose a month that has ended: first you see what each kitchen would receive for its "
        "accepted rations; nothing is credited until you confirm.",
    ),
    "kitchens.month": ("Mes", "Month"),
    "kitchens.preview": ("Ver vista previa", "Preview"),
    "kitchens.preview_of": ("Vista previa de {month}", "Preview of {month}"),
    "kitchens.preview_total": (
        "Se acreditarían {amount} a {n} comedores; {skipped} ya recibieron este mes.",
        "{amount} would be credited to {n} kitchens; {skipped} were already credited.",
    ),
    "kitchens.rations": ("Raciones", "Rations"),
    "kitchens.already_credited": ("Ya acreditado", "Already credited"),
    "kitchens.to_credit": ("Por acreditar", "To credit"),
    "kitchens.confirm_run": (
        "Confirmo que se acrediten {amount} a {n} comedores.",
        "I confirm crediting {amount} to {n} kitchens.",
    ),
    "kitchens.run": ("Acreditar el subsidio", "Credit the subsidy"),
    "kitchens.nothing_to_credit": (
        "No hay nada por acreditar en este mes.",
        "There is nothing to credit for this month.",
    ),
    "kitchens.run_done": ("Subsidio de {month} acreditado", "Subsidy for {month} credited"),
    "kitchens.run_detail": (
        "Se acreditaron {amount} a {n} comedores; {skipped} ya lo habían recibido.",
        "{amount} credited to {n} kitchens; {skipped} had already received it.",
    ),
    # Indicators and the compliance review.
    "kitchens.indicators": ("Indicadores", "Indicators"),
    "kitchens.indicators_programme": ("Indicadores del programa", "Programme indicators"),
    "kitchens.indicators_of": ("Indicadores: {kitchen}", "Indicators: {kitchen}"),
    "kitchens.start": ("Desde", "From"),
    "kitchens.end": ("Hasta", "To"),
    "kitchens.show": ("Mostrar", "Show"),
    "kitchens.period": ("Del {start} al {end}.", "From {start} to {end}."),
    "kitchens.kitchens_counted": ("Comedores: {n}", "Kitchens: {n}"),
    "kitchens.per_kitchen": ("Por comedor", "Per kitchen"),
    "kitchens.operating_days": ("Días de operación", "Operating days"),
    "kitchens.days_reported": ("Días reportados", "Days reported"),
    "kitchens.rations_per_operating_day": (
        "Raciones por día de operación",
        "Rations per operating day",
    ),
    "kitchens.capacity_use": ("Uso de la capacidad", "Capacity use"),
    "kitchens.beneficiaries_reached": ("Personas atendidas", "People reached"),
    "kitchens.spent": ("Gasto en compras", "Spent on purchases"),
    "kitchens.cost_per_ration": ("Costo por ración", "Cost per ration"),
    "kitchens.surveys_count": ("Encuestas", "Surveys"),
    "kitchens.satisfaction": ("Satisfacción (1 a 5)", "Satisfaction (1 to 5)"),
    "kitchens.not_measured": ("sin encuestas", "no surveys"),
    "kitchens.compliance": ("Revisión de cumplimiento", "Compliance review"),
    "kitchens.compliance_intro": (
        "Primero los comedores que más necesitan una revisión: más alertas abiertas, luego más "
        "quejas en el periodo, luego menor satisfacción, luego el uso de la capacidad más "
        "alejado de lo normal.",
        "Kitchens most in need of a review first: more open flags, then more complaints in "
        "the period, then lower satisfaction, then capacity use furthest from normal.",
    ),
    "kitchens.complaints": ("Quejas", "Complaints"),
    # What was just done.
    "kitchens.done.registered": ("Comedor registrado.", "Kitchen registered."),
    "kitchens.done.updated": ("Datos guardados.", "Details saved."),
    "kitchens.done.status_active": ("El comedor se reabrió.", "The kitchen was reopened."),
    "kitchens.done.status_suspended": ("El comedor quedó suspendido.", "The kitchen is suspended."),
    "kitchens.done.status_closed": ("El comedor quedó cerrado.", "The kitchen is closed."),
    "kitchens.done.joined": ("Integrante sumado al comité.", "Member added to the committee."),
    "kitchens.done.left": ("Salida registrada.", "Departure recorded."),
    "kitchens.done.flag_acknowledged": (
        "La alerta quedó en revisión.",
        "The flag is marked as being reviewed.",
    ),
    "kitchens.done.flag_closed": ("La alerta quedó cerrada.", "The flag is closed."),
    "kitchens.done.amended": ("Corrección aceptada.", "Correction accepted."),
    "kitchens.done.purchase_recorded": ("Compra registrada.", "Purchase recorded."),
    "kitchens.done.survey_recorded": ("Encuesta registrada.", "Survey recorded."),
    # The committee's entries kept on the tablet while the connection is down
    # (templates/_entry_queue.html, static/entries.js). {count} how many, {entry} one of the
    # kinds below, {day} a day in words, {rations} a number, {supplier} as typed, {amount}
    # in pesos, {reason} the console's sentence for a refusal.
    "kitchens.entries.waiting_one": ("1 envío espera conexión", "1 entry is waiting to be sent"),
    "kitchens.entries.waiting_many": (
        "{count} envíos esperan conexión",
        "{count} entries are waiting to be sent",
    ),
    "kitchens.entries.waiting_note": (
        "Están guardados en esta tableta y se mandan solos cuando vuelva la conexión; no hace "
        "falta escribirlos otra vez.",
        "They are kept on this tablet and go out by themselves when the connection is back; "
        "there is no need to type them again.",
    ),
    "kitchens.entries.sign_in": (
        "Su sesión terminó: entre otra vez con su usuario y lo guardado se manda solo.",
        "Your session has ended: sign in again and what is kept goes out by itself.",
    ),
    "kitchens.entries.send_now": ("Intentar enviar ahora", "Try sending now"),
    "kitchens.entries.sent_one": (
        "Se mandó 1 envío que esperaba conexión.",
        "1 entry that was waiting has been sent.",
    ),
    "kitchens.entries.sent_many": (
        "Se mandaron {count} envíos que esperaban conexión.",
        "{count} entries that were waiting have been sent.",
    ),
    "kitchens.entries.refused_note": (
        "Estos envíos no se guardaron. Revíselos y escríbalos otra vez en el formulario.",
        "These entries were not saved. Check them and enter them again in the form.",
    ),
    "kitchens.entries.refused": ("{entry}. {reason}", "{entry}. {reason}"),
    "kitchens.entries.refused_unknown": (
        "El comedor no aceptó este envío.",
        "The kitchens service did not accept this entry.",
    ),
    "kitchens.entries.understood": ("Entendido", "Understood"),
    "kitchens.entries.kind.report": (
        "Reporte del {day}: {rations} raciones",
        "Report of {day}: {rations} rations",
    ),
    "kitchens.entries.kind.amendment": ("Corrección del {day}", "Correction of {day}"),
    "kitchens.entries.kind.purchase": (
        "Compra a {supplier} por {amount}",
        "Purchase from {supplier}, {amount}",
    ),
    "kitchens.entries.kind.survey": ("Encuesta del {day}", "Survey of {day}"),
    # A kitchen named on a screen whose name could not be read (screens/kitchen_names.py):
    # in words, never by its code.
    "kitchens.unnamed": ("comedor sin nombre disponible", "kitchen with no name available"),
}
