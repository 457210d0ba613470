# Reports: the dashboard with its key figures, charts, data tables, exports and digest.

reports-title = Reports
reports-period = { $per ->
    [hour] { $from } to { $to } by hour
    [week] { $from } to { $to } by week
   *[day] { $from } to { $to } by day
}
reports-filters = Period and filters
reports-from = From
reports-to = To (inclusive)
reports-per = Per
reports-per-hour = Hour
reports-per-day = Day
reports-per-week = Week
reports-channel = Channel
reports-all-channels = All channels
reports-theme = Theme
reports-all-themes = All themes
reports-team = Team
reports-all-teams = All teams
reports-tag = Product or tag
reports-source = Source
reports-all-sources = All sources
reports-update = Update
reports-reset = Reset

## Key figures.

reports-key-figures = Key figures
reports-key-figures-csv = Key figures as CSV
reports-kpi-mentions = Mentions
reports-kpi-reach = reach { $reach }
reports-kpi-negative = Negative
reports-kpi-negative-hint = { $n ->
    [one] { $part } of { $n } mention
   *[other] { $part } of { $n } mentions
}
reports-kpi-cases = Cases opened
reports-kpi-resolved = { $n ->
    [one] { $n } resolved
   *[other] { $n } resolved
}
reports-kpi-first-response = First response
reports-kpi-median = median · p90 { $p90 }
reports-kpi-resolution = Resolution
reports-kpi-sla = SLA met
reports-kpi-sla-none = no cases due yet
reports-kpi-sla-due = { $n ->
    [one] of { $n } SLA clock due
   *[other] of { $n } SLA clocks due
}
reports-kpi-topics = Topics
reports-kpi-questions = { $n ->
    [one] { $n } question or problem
   *[other] { $n } questions and problems
}
reports-kpi-peer = Peer answers
reports-kpi-peer-hint = { $n ->
    [one] of { $n } accepted answer · first answer { $first }
   *[other] of { $n } accepted answers · first answer { $first }
}
reports-kpi-deflection = Deflection
reports-kpi-deflected = { $n ->
    [one] { $n } question answered before posting
   *[other] { $n } questions answered before posting
}
reports-kpi-cost = Cost per issue
reports-kpi-cost-handled = { $n ->
    [one] { $n } handled at { $cost }
   *[other] { $n } handled at { $cost }
}
reports-kpi-cost-deflected = { $n ->
    [one] { $n } deflected at { $cost }
   *[other] { $n } deflected at { $cost }
}
reports-duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

## Charts: titles, axes, legends and their data tables.

chart-volume = { $per ->
    [hour] Mentions per hour
    [week] Mentions per week
   *[day] Mentions per day
}
chart-volume-caption = { $per ->
    [hour] Mentions and reach per hour
    [week] Mentions and reach per week
   *[day] Mentions and reach per day
}
chart-sentiment = { $per ->
    [hour] Sentiment per hour
    [week] Sentiment per week
   *[day] Sentiment per day
}
chart-sentiment-caption = { $per ->
    [hour] Mentions by sentiment per hour
    [week] Mentions by sentiment per week
   *[day] Mentions by sentiment per day
}
chart-channels = Reach by channel
chart-channels-caption = Mentions and reach by channel
chart-work = { $per ->
    [hour] Cases opened and topics posted per hour
    [week] Cases opened and topics posted per week
   *[day] Cases opened and topics posted per day
}
chart-work-caption = { $per ->
    [hour] Cases opened and community topics per hour
    [week] Cases opened and community topics per week
   *[day] Cases opened and community topics per day
}
chart-axis-mentions = Mentions
chart-axis-reach = Reach
chart-axis-count = Count
chart-series-mentions = Mentions
chart-series-negative = Negative
chart-series-neutral = Neutral
chart-series-positive = Positive
chart-series-cases = Cases
chart-series-topics = Topics
reports-data-table = Data table
reports-for-chart = for { $chart }
reports-csv = CSV
reports-csv-of = of { $chart }

## Themes of the period.

reports-top-themes = Top and rising themes
reports-no-themes = No themes in this period.
reports-themes-caption = Themes with the most mentions, and their change against the previous period
reports-col-theme = Theme
reports-col-mentions = Mentions
reports-col-negative = Negative
reports-col-change = Change
reports-rising = Rising
reports-theme-new = new
reports-csv-of-themes = of themes
reports-csv-cases = Case figures as CSV
reports-csv-community = Community figures as CSV
reports-csv-sentiment = Sentiment as CSV

## Turnaround and satisfaction.

reports-turnaround = Turnaround: angry customers who came round
reports-turnaround-intro = { $n ->
    [one] Of the customers who opened a case in this period with a negative message and got an answer, how many were neutral or positive within { $n } day afterwards: their satisfaction survey (3 or more), else their next message on any of their channels.
   *[other] Of the customers who opened a case in this period with a negative message and got an answer, how many were neutral or positive within { $n } days afterwards: their satisfaction survey (3 or more), else their next message on any of their channels.
}
reports-turnaround-silent = { $n ->
    [one] { $n } said nothing afterwards and is not counted.
   *[other] { $n } said nothing afterwards and are not counted.
}
reports-turned = { $n ->
    [one] turned ({ $turned } of { $n })
   *[other] turned ({ $turned } of { $n })
}
reports-satisfaction = satisfaction
reports-csat-from = { $n ->
    [one] from { $n } answer
   *[other] from { $n } answers
}
reports-turnaround-by-channel = Turnaround by channel
reports-turnaround-by-team = Turnaround by team
reports-turnaround-by-agent = Turnaround by agent
reports-turnaround-by-theme = Turnaround by theme
reports-csat-by-team = Satisfaction by team
reports-csat-by-agent = Satisfaction by agent
reports-csat-by-channel = Satisfaction by channel
reports-col-channel = Channel
reports-col-team = Team
reports-col-agent = Agent
reports-col-turned = Turned
reports-col-of = Of
reports-col-rate = Rate
reports-col-answers = Answers
reports-col-average = Average
reports-col-satisfied = 4 or 5
reports-examples = Examples
reports-example-case = Case #{ $id }: { $subject }
reports-before = Before:
reports-after = After:
reports-turnaround-csv = Turnaround as CSV

## The digest.

reports-digest = Digest
reports-digest-recipients = These figures go by e-mail to the stakeholders listed in the setting
reports-digest-schedule = Daily or weekly, as chosen in
reports-digest-try = Send yourself the last period's digest to see it.
reports-digest-send = Send me the digest now
reports-digest-sent = Digest sent to { $to }.
