"""Words of the ops screen: topics, consumer groups, dead letters and their replay,
outbox backlogs."""

LABELS: dict[str, tuple[str, str]] = {
    "ops.title": ("Operación de los flujos", "Stream operations"),
    # What Prometheus shows: the last hours as charts and the alerts firing now
    # (deploy/prometheus/alerts.yml; one `ops.alert.<name>` per alert).
    "ops.watch": ("Las últimas horas", "The last hours"),
    "ops.watch_off": (
        "Prometheus no está configurado: sin gráficas ni alertas.",
        "Prometheus is not configured: no charts and no alerts.",
    ),
    "ops.watch_down": (
        "Prometheus no responde: sin gráficas ni alertas por ahora; el resto de la página está "
        "al día.",
        "Prometheus does not answer: no charts or alerts for now; the rest of the page is current.",
    ),
    "ops.chart_throughput": ("Eventos procesados por segundo", "Events processed per second"),
    "ops.chart_lag": ("Atraso de los consumidores (mensajes)", "Consumer lag (messages)"),
    "ops.chart_latency": (
        "Tiempo de decisión, percentil 99 (milisegundos; meta: 50)",
        "Decision time, 99th percentile (milliseconds; target: 50)",
    ),
    "ops.chart_empty": ("Sin datos en este periodo.", "No data in this period."),
    "ops.chart_hours": (
        "Últimas {hours} horas, hora UTC; de {start} a {end}.",
        "Last {hours} hours, UTC; from {start} to {end}.",
    ),
    "ops.alerts": ("Alertas activas", "Firing alerts"),
    "ops.alerts_none": ("Ninguna alerta activa.", "No alert is firing."),
    "ops.alert_since": ("desde las {when} UTC", "since {when} UTC"),
    "ops.alert_where": ("En: {where}", "Where: {where}"),
    "ops.clock.acknowledge": ("plazo de acuse de recibo", "acknowledgement deadline"),
    "ops.clock.resolve": ("plazo de resolución", "resolution deadline"),
    "ops.severity.critical": ("Grave", "Critical"),
    "ops.severity.warning": ("Aviso", "Warning"),
    "ops.alert.unknown": (
        "Una alerta que la consola no conoce: véala en Prometheus.",
        "An alert the console does not know: see it in Prometheus.",
    ),
    "ops.alert.ServiceDown": (
        "Un servicio no responde a Prometheus desde hace 2 minutos.",
        "A service has not answered Prometheus for 2 minutes.",
    ),
    "ops.alert.ConsumerLagGrowing": (
        "Un servicio se atrasa cada vez más al procesar un tema.",
        "A service falls further and further behind on a topic.",
    ),
    "ops.alert.DeadLettersArriving": (
        "Llegaron mensajes no procesables en los últimos 10 minutos.",
        "Dead letters arrived in the last 10 minutes.",
    ),
    "ops.alert.OutboxBacklog": (
        "Hay eventos esperando más de un minuto para salir del outbox.",
        "Events have waited over a minute to leave the outbox.",
    ),
    "ops.alert.OutboxRelayNotLeading": (
        "Ningún publicador del outbox de un servicio tiene su turno: sus eventos no salen.",
        "No outbox relay of a service holds its lock: its events are not sent.",
    ),
    "ops.alert.DecisionLatencyHigh": (
        "Las decisiones tardan más de 50 milisegundos (percentil 99).",
        "Decisions take longer than 50 milliseconds (99th percentile).",
    ),
    "ops.alert.GrievanceDeadlinesBreached": (
        "Hay quejas abiertas con el plazo vencido.",
        "Open grievance cases are past their deadline.",
    ),
    "ops.alert.KitchenReportsMissing": (
        "Comedores activos no enviaron su reporte del último día hábil.",
        "Active kitchens sent no report for the last working day.",
    ),
    "ops.topics": ("Temas", "Topics"),
    "ops.topic": ("Tema", "Topic"),
    "ops.partitions": ("Particiones", "Partitions"),
    "ops.messages": ("Mensajes guardados", "Messages kept"),
    "ops.produced_rate": ("Publicados / s", "Produced / s"),
    "ops.consumed_rate": ("Procesados / s", "Consumed / s"),
    "ops.rate_note": (
        "Ritmo medido entre las visitas a esta página de los últimos 5 minutos; «—» hasta la "
        "segunda visita.",
        "Rate measured between visits to this page over the last 5 minutes; “—” until the second "
        "visit.",
    ),
    "ops.groups": ("Grupos de consumo", "Consumer groups"),
    "ops.group": ("Grupo", "Group"),
    "ops.lag": ("Atraso (mensajes)", "Lag (messages)"),
    "ops.lag_by_partition": ("Atraso por partición", "Lag by partition"),
    "ops.last_events": ("Último evento por productor", "Last event per producer"),
    "ops.producer": ("Productor", "Producer"),
    "ops.event_type": ("Tipo de evento", "Event type"),
    "ops.when": ("Cuándo (UTC)", "When (UTC)"),
    "ops.dead_letters": ("Mensajes no procesables (dead letters)", "Dead letters"),
    "ops.dead_letter_counts": ("Por tema", "Per topic"),
    "ops.reason": ("Motivo", "Reason"),
    "ops.preview": ("Vista previa", "Preview"),
    "ops.preview_note": (
        "Las vistas previas muestran solo la forma del mensaje: los valores, que pueden ser "
        "datos personales, están ocultos (•••).",
        "Previews show only the shape of a message: its values, which may be personal data, are "
        "hidden (•••).",
    ),
    "ops.position": ("Posición", "Position"),
    "ops.replayed": (
        "Reenviado {count} vez/veces; último: {who}, {when}",
        "Replayed {count} time(s); last: {who}, {when}",
    ),
    "ops.not_replayable": (
        "No reenviable: sus cabeceras no nombran un tema de origen válido.",
        "Not replayable: its headers do not name a valid original topic.",
    ),
    "ops.open": ("Ver, reenviar o descartar", "View, replay or dismiss"),
    "ops.open_read_only": ("Ver", "View"),
    "ops.replay": ("Reenviar al tema original", "Replay to the original topic"),
    "ops.replay_explain": (
        "Se publicarán de nuevo los bytes, la clave y las cabeceras originales (sin las «dlq.*») "
        "en «{topic}». El servicio lo procesa por su camino normal: si el evento ya se aplicó, "
        "no se aplica dos veces.",
        "The original bytes, key and headers (without the “dlq.*” ones) are published again to "
        "“{topic}”. The service processes it the normal way: an event already applied is not "
        "applied twice.",
    ),
    "ops.confirm": (
        "Confirmo que el problema que lo detuvo está corregido y quiero reenviarlo.",
        "I confirm the problem that stopped it is fixed and I want to replay it.",
    ),
    "ops.confirm_missing": (
        "Marque la confirmación para reenviar.",
        "Tick the confirmation to replay.",
    ),
    "ops.done_replayed": (
        "Reenviado a {topic} (partición {partition}, posición {offset}).",
        "Replayed to {topic} (partition {partition}, offset {offset}).",
    ),
    "ops.replays": ("Reenvíos registrados", "Recorded replays"),
    # Dismissing: the record stays in its dead-letter topic; the screen stops listing it
    # among those waiting, and says who dismissed it and why.
    "ops.dismiss": ("Descartar", "Dismiss"),
    "ops.dismiss_explain": (
        "Si este mensaje no debe reenviarse (no hay corrección posible, o su remitente ya lo "
        "envió de nuevo corregido), descártelo diciendo por qué. Se conserva en su tema de "
        "mensajes fallidos y queda registrado quién lo descartó y cuándo.",
        "If this message is not to be replayed (no fix can make it valid, or its sender has "
        "already sent it again corrected), dismiss it saying why. It is kept in its dead-letter "
        "topic, and who dismissed it and when is recorded.",
    ),
    "ops.dismiss_reason": ("Por qué se descarta", "Why it is dismissed"),
    "ops.dismiss_reason_missing": (
        "Escriba por qué se descarta (de 3 a 500 caracteres).",
        "Write why it is dismissed (3 to 500 characters).",
    ),
    "ops.already_dismissed": (
        "Este mensaje ya fue descartado; vale el primer motivo.",
        "This message was already dismissed; the first reason stands.",
    ),
    "ops.dismissed": (
        "Descartado por {who}, {when}: {reason}",
        "Dismissed by {who}, {when}: {reason}",
    ),
    "ops.dismissed_list": ("Descartados ({count})", "Dismissed ({count})"),
    "ops.done_dismissed": ("Mensaje descartado.", "Message dismissed."),
    "ops.replayed_by": ("Quién", "Who"),
    "ops.outbox": ("Pendientes del outbox por servicio", "Outbox backlog per service"),
    "ops.service": ("Servicio", "Service"),
    "ops.unpublished": ("Sin publicar", "Unpublished"),
    "ops.oldest": ("El más antiguo", "Oldest"),
    "ops.links": ("Enlaces de cada servicio", "Each service's links"),
    "ops.back": ("Volver a operación", "Back to operations"),
    "ops.original": ("Origen", "Origin"),
    "ops.failed_at": ("Cuándo falló", "Failed at"),
    "ops.unknown_type": ("Mensaje sin tipo legible", "Message without a readable type"),
    # The screen crawl's block: a dead letter's reason in words, its technical names apart.
    "ops.dead_letter_one": ("Mensaje no procesable", "Dead letter"),
    "ops.event_id": ("Identificador del evento", "Event id"),
    "ops.technical": ("Detalle técnico", "Technical detail"),
    "ops.why.not_json": (
        "El mensaje no es JSON válido: el servicio no puede leerlo.",
        "The message is not valid JSON: the service cannot read it.",
    ),
    "ops.why.too_deep": (
        "El mensaje tiene demasiados niveles anidados para leerlo.",
        "The message is nested too deeply to be read.",
    ),
    "ops.why.handler_failed": (
        "El servicio falló al aplicarlo, varias veces seguidas.",
        "The service failed to apply it, several times in a row.",
    ),
    "ops.why.another_agencys_record": (
        "El registro dice ser de otra agencia que la dueña del tema.",
        "The record claims another agency than the topic's own.",
    ),
    "ops.why.empty_message": ("El mensaje llegó vacío.", "The message arrived empty."),
    "ops.why.not_a_json_object": (
        "El mensaje es JSON, pero no un objeto con los datos de un evento.",
        "The message is JSON, but not an object holding an event.",
    ),
    "ops.why.not_an_envelope": (
        "Al mensaje le faltan los datos de todo evento (identificador, tipo, versión, fecha) o "
        "alguno no es válido.",
        "The message lacks the data every event has (id, type, version, time) or one is not valid.",
    ),
    "ops.why.unknown_event_type": (
        "El servicio no conoce ese tipo de evento o esa versión en este tema.",
        "The service does not know that type of event, or that version, on this topic.",
    ),
    "ops.why.unstorable_text": (
        "El mensaje trae texto que no se puede guardar (caracteres de control o nulos).",
        "The message carries text that cannot be stored (control or null characters).",
    ),
    "ops.why.field": (
        "Un dato del mensaje no es válido (el detalle técnico dice cuál).",
        "A field of the message is not valid (the technical detail names it).",
    ),
    "ops.why.other": (
        "El servicio no pudo aplicarlo (vea el detalle técnico).",
        "The service could not apply it (see the technical detail).",
    ),
    # What each technical name on the ops screen stands for, in words first: the name itself
    # (shown in <code> beside them) is what an operator types into Kafka's tools or searches
    # in the logs and documents (rules/ops.py names_in_words).
    "ops.named.topic.beneficiaries.enrolments": (
        "Solicitudes de alta al registro",
        "Enrolment requests to the registry",
    ),
    "ops.named.topic.beneficiaries.enrolments.agency": (
        "Solicitudes de alta de {agency}",
        "Enrolment requests from {agency}",
    ),
    "ops.named.topic.beneficiaries.decisions": (
        "Respuestas y decisiones del registro",
        "The registry's replies and decisions",
    ),
    "ops.named.topic.beneficiaries.decisions.agency": (
        "Respuestas del registro a {agency}",
        "The registry's replies to {agency}",
    ),
    "ops.named.topic.kitchens.daily-reports": (
        "Envíos de las tabletas de los comedores",
        "Entries sent by the kitchens' tablets",
    ),
    "ops.named.topic.kitchens.events": ("Lo ocurrido en los comedores", "What kitchens did"),
    "ops.named.topic.grievances.intake": ("Quejas recibidas por los canales", "Grievances sent in"),
    "ops.named.topic.grievances.events": ("Lo ocurrido en las quejas", "What grievance cases did"),
    "ops.named.topic.unknown": ("Tema sin descripción", "Topic with no description"),
    "ops.named.dead_letters_of": ("No procesables de: {topic}", "Dead letters of: {topic}"),
    "ops.named.group": ("{service} procesa: {topic}", "{service} processes: {topic}"),
    "ops.named.service.beneficiaries": ("Registro de personas", "Beneficiary registry"),
    "ops.named.service.kitchens": ("Servicio de comedores", "Kitchens service"),
    "ops.named.service.grievances": ("Servicio de quejas", "Grievances service"),
    "ops.named.producer.tablet-gateway": ("Tabletas de los comedores", "Kitchen tablets"),
    "ops.named.producer.agency": ("Agencia: {agency}", "Agency: {agency}"),
    "ops.named.producer.channel": ("Canal de quejas: {channel}", "Grievance channel: {channel}"),
    "ops.named.producer.unknown": ("Otro sistema", "Another system"),
    "ops.named.shape": (
        "La forma del mensaje, con sus valores ocultos (•••):",
        "The message's shape, its values hidden (•••):",
    ),
    "ops.named.event_id": (
        "Para buscar el evento en los registros de los servicios",
        "To find the event in the services' logs",
    ),
    "ops.named.event.unknown": ("Evento sin descripción", "Event with no description"),
    "ops.named.event.beneficiaries.enrolment_submitted": ("Solicitud de alta", "Enrolment request"),
    "ops.named.event.beneficiaries.enrolment_registered": (
        "Alta registrada",
        "Enrolment registered",
    ),
    "ops.named.event.beneficiaries.enrolment_rejected": ("Alta rechazada", "Enrolment rejected"),
    "ops.named.event.beneficiaries.enrolment_review_decided": (
        "Revisión de un alta decidida",
        "Enrolment review decided",
    ),
    "ops.named.event.beneficiaries.review_task_opened": ("Revisión abierta", "Review opened"),
    "ops.named.event.beneficiaries.review_task_resolved": ("Revisión resuelta", "Review resolved"),
    "ops.named.event.beneficiaries.persons_merged": ("Personas unidas", "Persons merged"),
    "ops.named.event.beneficiaries.persons_unmerged": ("Unión deshecha", "Merge undone"),
    "ops.named.event.beneficiaries.support_overlap_raised": (
        "Apoyos duplicados detectados",
        "Overlapping support found",
    ),
    "ops.named.event.beneficiaries.support_overlap_cleared": (
        "Apoyos duplicados resueltos",
        "Overlapping support cleared",
    ),
    "ops.named.event.beneficiaries.agency_records_moved": (
        "Registros de una agencia movidos",
        "An agency's records moved",
    ),
    "ops.named.event.kitchens.daily_report_submitted": (
        "Reporte del día enviado",
        "Daily report sent",
    ),
    "ops.named.event.kitchens.daily_report_amendment_submitted": (
        "Corrección de reporte enviada",
        "Report correction sent",
    ),
    "ops.named.event.kitchens.purchase_submitted": ("Compra enviada", "Purchase sent"),
    "ops.named.event.kitchens.survey_submitted": ("Encuesta enviada", "Survey sent"),
    "ops.named.event.kitchens.kitchen_registered": ("Comedor registrado", "Kitchen registered"),
    "ops.named.event.kitchens.kitchen_updated": ("Datos de comedor cambiados", "Kitchen updated"),
    "ops.named.event.kitchens.kitchen_status_changed": (
        "Estado de comedor cambiado",
        "Kitchen status changed",
    ),
    "ops.named.event.kitchens.committee_member_joined": (
        "Integrante del comité dada de alta",
        "Committee member joined",
    ),
    "ops.named.event.kitchens.committee_member_left": (
        "Integrante del comité dada de baja",
        "Committee member left",
    ),
    "ops.named.event.kitchens.daily_report_accepted": (
        "Reporte del día aceptado",
        "Daily report accepted",
    ),
    "ops.named.event.kitchens.daily_report_amended": ("Reporte corregido", "Report corrected"),
    "ops.named.event.kitchens.purchase_recorded": ("Compra registrada", "Purchase recorded"),
    "ops.named.event.kitchens.subsidy_credited": ("Subsidio acreditado", "Subsidy credited"),
    "ops.named.event.kitchens.survey_recorded": ("Encuesta registrada", "Survey recorded"),
    "ops.named.event.kitchens.survey_below_threshold": (
        "Encuesta con baja satisfacción",
        "Survey below the threshold",
    ),
    "ops.named.event.kitchens.monitoring_flag_raised": (
        "Alerta de monitoreo",
        "Monitoring flag raised",
    ),
    "ops.named.event.kitchens.monitoring_flag_reviewed": (
        "Alerta de monitoreo revisada",
        "Monitoring flag reviewed",
    ),
    "ops.named.event.kitchens.submission_rejected": ("Envío rechazado", "Entry rejected"),
    "ops.named.event.grievances.grievance_submitted": ("Queja enviada", "Grievance sent"),
    "ops.named.event.grievances.case_received": ("Caso recibido", "Case received"),
    "ops.named.event.grievances.case_transitioned": ("Caso movido de estado", "Case moved"),
    "ops.named.event.grievances.deadline_breached": ("Plazo vencido", "Deadline breached"),
    "ops.named.event.grievances.reporter_replied": (
        "Respuesta de quien reportó",
        "Reporter replied",
    ),
    "ops.named.event.grievances.case_escalated": ("Caso escalado", "Case escalated"),
    "ops.named.event.grievances.case_closed": ("Caso cerrado", "Case closed"),
}
