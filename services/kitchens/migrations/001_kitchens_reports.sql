CREATE TABLE kitchens (
    kitchen_id     text PRIMARY KEY,
    name           text NOT NULL,
    alcaldia       text NOT NULL,
    colonia        text NOT NULL,
    daily_capacity int  NOT NULL CHECK (daily_capacity BETWEEN 150 AND 350),
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE daily_reports (
    report_id               uuid PRIMARY KEY,
    kitchen_id              text NOT NULL REFERENCES kitchens,
    report_date             date NOT NULL,
    rations_dine_in         int NOT NULL CHECK (rations_dine_in >= 0),
    rations_take_away       int NOT NULL CHECK (rations_take_away >= 0),
    fees_collected_centavos bigint NOT NULL CHECK (fees_collected_centavos >= 0),
    beneficiary_person_ids  uuid[] NOT NULL DEFAULT '{}',
    source_event_id         uuid NOT NULL,
    accepted_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kitchen_id, report_date)
);
