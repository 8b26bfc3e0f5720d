"""Words of the charts (rules/pictures.py builds them, templates/_charts.html draws them):
titles, legends, axis words and the sentence beside each chart that gives its figures to a
screen reader and a printed page."""

LABELS: dict[str, tuple[str, str]] = {
    "chart.figures": ("Las cifras de la gráfica", "The chart's figures"),
    "chart.day_short": ("{d} {month}", "{month} {d}"),
    # A kitchen's rations per day against its capacity.
    "chart.rations.title": (
        "Raciones por día frente a la capacidad",
        "Rations per day against capacity",
    ),
    "chart.rations.series": ("Raciones del día", "Rations of the day"),
    "chart.rations.capacity": ("Capacidad: {n}", "Capacity: {n}"),
    "chart.rations.above": ("Por encima de la capacidad", "Above capacity"),
    "chart.rations.bar": ("{day}: {n} raciones", "{day}: {n} rations"),
    "chart.rations.empty": (
        "No hay días reportados en este periodo.",
        "No day was reported in this period.",
    ),
    "chart.rations.summary": (
        "Días reportados: {days}; raciones al día en promedio: {average}; el día con más fue "
        "el {top_day}, con {top}. Capacidad diaria: {capacity} raciones.",
        "Days reported: {days}; rations a day on average: {average}; the busiest was "
        "{top_day}, with {top}. Daily capacity: {capacity} rations.",
    ),
    "chart.rations.above_summary": (
        "Días por encima de la capacidad: {n}.",
        "Days above capacity: {n}.",
    ),
    # A kitchen's purse balance over the period.
    "chart.purse.title": ("Saldo del monedero, día a día", "Purse balance, day by day"),
    "chart.purse.point": ("{day}: {amount}", "{day}: {amount}"),
    "chart.purse.empty": (
        "El monedero no tuvo movimientos en este periodo; su saldo fue de {amount}.",
        "The purse did not move in this period; its balance was {amount}.",
    ),
    "chart.purse.summary": (
        "Empezó el periodo con {opening} y lo terminó con {closing}; el saldo más bajo fue "
        "{lowest}, el {lowest_day}.",
        "It opened the period at {opening} and closed it at {closing}; the lowest balance was "
        "{lowest}, on {lowest_day}.",
    ),
    "chart.purse.negative_summary": (
        "Días que terminaron con saldo negativo: {n}.",
        "Days that ended with a negative balance: {n}.",
    ),
    "chart.purse.zero": ("Saldo cero", "Zero balance"),
    # Satisfaction by survey aspect.
    "chart.satisfaction.title": (
        "Satisfacción por aspecto (de 1 a 5)",
        "Satisfaction by aspect (1 to 5)",
    ),
    "chart.satisfaction.empty": (
        "No hay encuestas en este periodo.",
        "No survey was answered in this period.",
    ),
    "chart.satisfaction.summary": (
        "Encuestas: {surveys}. Mejor calificado: {best} ({best_score}); menos calificado: "
        "{worst} ({worst_score}).",
        "Surveys: {surveys}. Rated best: {best} ({best_score}); rated lowest: {worst} "
        "({worst_score}).",
    ),
    # The graduates' food-security levels at intake and at graduation.
    "chart.elcsa.title": (
        "Egresadas por nivel de seguridad alimentaria, al ingreso y al egreso",
        "Graduates by food-security level, at intake and at graduation",
    ),
    "chart.elcsa.before": ("Al ingreso", "At intake"),
    "chart.elcsa.after": ("Al egreso", "At graduation"),
    "chart.elcsa.bar": ("{level}, {when}: {n}", "{level}, {when}: {n}"),
    "chart.elcsa.level": ("Nivel", "Level"),
    "chart.elcsa.empty": (
        "Aún no hay egresadas evaluadas al ingreso y al egreso.",
        "No graduate was assessed both at intake and at graduation yet.",
    ),
    "chart.elcsa.summary": (
        "Egresadas evaluadas al ingreso y al egreso: {n}; en seguridad alimentaria: "
        "{secure_before} al ingreso y {secure_after} al egreso.",
        "Graduates assessed at intake and at graduation: {n}; food secure: {secure_before} at "
        "intake and {secure_after} at graduation.",
    ),
    # Open grievance cases by the days left to their deadline.
    "chart.deadlines.title": (
        "Casos abiertos por días que faltan para su plazo",
        "Open cases by days left to their deadline",
    ),
    "chart.deadlines.series": ("Casos", "Cases"),
    "chart.deadlines.overdue": ("Plazo vencido", "Past the deadline"),
    "chart.deadlines.bar": ("{span}: {n}", "{span}: {n}"),
    "chart.deadlines.span.overdue": ("Vencidos", "Overdue"),
    "chart.deadlines.span.today": ("Vence hoy", "Due today"),
    "chart.deadlines.span.1_2": ("1 a 2 días", "1 to 2 days"),
    "chart.deadlines.span.3_5": ("3 a 5 días", "3 to 5 days"),
    "chart.deadlines.span.6_10": ("6 a 10 días", "6 to 10 days"),
    "chart.deadlines.span.later": ("Más de 10 días", "Over 10 days"),
    "chart.deadlines.empty": (
        "Ninguno de estos casos tiene un plazo por cumplir.",
        "None of these cases has a deadline to meet.",
    ),
    "chart.deadlines.summary": (
        "Casos abiertos en la lista: {n}; con el plazo vencido: {overdue}.",
        "Open cases in the list: {n}; past their deadline: {overdue}.",
    ),
}
