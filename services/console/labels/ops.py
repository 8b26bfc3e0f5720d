"""Words of the ops screen: topics, consumer groups, dead letters and their replay,
outbox backlogs."""

LABELS: dict[str, tuple[str, str]] = {
    "ops.title": ("Operación de los flujos", "Stream operations"),
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
    "ops.key": ("Clave", "Key"),
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
    "ops.open": ("Ver y reenviar", "View and replay"),
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
    "ops.replayed_by": ("Quién", "Who"),
    "ops.outbox": ("Pendientes del outbox por servicio", "Outbox backlog per service"),
    "ops.service": ("Servicio", "Service"),
    "ops.unpublished": ("Sin publicar", "Unpublished"),
    "ops.oldest": ("El más antiguo", "Oldest"),
    "ops.links": ("Enlaces de cada servicio", "Each service's links"),
    "ops.back": ("Volver a operación", "Back to operations"),
    "ops.original": ("Origen", "Origin"),
    "ops.failed_at": ("Falló", "Failed at"),
    "ops.unknown_type": ("Mensaje sin tipo legible", "Message without a readable type"),
}
