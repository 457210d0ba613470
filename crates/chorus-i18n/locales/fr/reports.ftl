# Rapports : le tableau de bord avec ses chiffres clés, graphiques, tableaux de données, exports et synthèse.

reports-title = Rapports
reports-period = { $per ->
    [hour] Du { $from } au { $to }, par heure
    [week] Du { $from } au { $to }, par semaine
   *[day] Du { $from } au { $to }, par jour
}
reports-filters = Période et filtres
reports-from = Du
reports-to = Au (inclus)
reports-per = Par
reports-per-hour = Heure
reports-per-day = Jour
reports-per-week = Semaine
reports-channel = Canal
reports-all-channels = Tous les canaux
reports-theme = Thème
reports-all-themes = Tous les thèmes
reports-team = Équipe
reports-all-teams = Toutes les équipes
reports-tag = Produit ou étiquette
reports-source = Source
reports-all-sources = Toutes les sources
reports-update = Mettre à jour
reports-reset = Réinitialiser

## Chiffres clés.

reports-key-figures = Chiffres clés
reports-key-figures-csv = Chiffres clés en CSV
reports-kpi-mentions = Mentions
reports-kpi-reach = portée { $reach }
reports-kpi-negative = Négatives
reports-kpi-negative-hint = { $n ->
    [one] { $part } sur { $n } mention
   *[other] { $part } sur { $n } mentions
}
reports-kpi-cases = Dossiers ouverts
reports-kpi-resolved = { $n ->
    [one] { $n } résolu
   *[other] { $n } résolus
}
reports-kpi-first-response = Première réponse
reports-kpi-median = médiane · p90 { $p90 }
reports-kpi-resolution = Résolution
reports-kpi-sla = SLA respecté
reports-kpi-sla-none = aucun dossier arrivé à échéance pour l’instant
reports-kpi-sla-due = { $n ->
    [one] sur { $n } échéance de SLA
   *[other] sur { $n } échéances de SLA
}
reports-kpi-topics = Sujets
reports-kpi-questions = { $n ->
    [one] { $n } question ou problème
   *[other] { $n } questions et problèmes
}
reports-kpi-peer = Réponses de la communauté
reports-kpi-peer-hint = { $n ->
    [one] sur { $n } réponse acceptée · première réponse { $first }
   *[other] sur { $n } réponses acceptées · première réponse { $first }
}
reports-kpi-deflection = Taux de déflexion
reports-kpi-deflected = { $n ->
    [one] { $n } question résolue avant publication
   *[other] { $n } questions résolues avant publication
}
reports-kpi-cost = Coût par demande
reports-kpi-cost-handled = { $n ->
    [one] { $n } traitée à { $cost }
   *[other] { $n } traitées à { $cost }
}
reports-kpi-cost-deflected = { $n ->
    [one] { $n } évitée à { $cost }
   *[other] { $n } évitées à { $cost }
}
reports-duration-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}

## Graphiques : titres, axes, légendes et leurs tableaux de données.

chart-volume = { $per ->
    [hour] Mentions par heure
    [week] Mentions par semaine
   *[day] Mentions par jour
}
chart-volume-caption = { $per ->
    [hour] Mentions et portée par heure
    [week] Mentions et portée par semaine
   *[day] Mentions et portée par jour
}
chart-sentiment = { $per ->
    [hour] Tonalité par heure
    [week] Tonalité par semaine
   *[day] Tonalité par jour
}
chart-sentiment-caption = { $per ->
    [hour] Mentions par tonalité et par heure
    [week] Mentions par tonalité et par semaine
   *[day] Mentions par tonalité et par jour
}
chart-channels = Portée par canal
chart-channels-caption = Mentions et portée par canal
chart-work = { $per ->
    [hour] Dossiers ouverts et sujets publiés par heure
    [week] Dossiers ouverts et sujets publiés par semaine
   *[day] Dossiers ouverts et sujets publiés par jour
}
chart-work-caption = { $per ->
    [hour] Dossiers ouverts et sujets de la communauté par heure
    [week] Dossiers ouverts et sujets de la communauté par semaine
   *[day] Dossiers ouverts et sujets de la communauté par jour
}
chart-axis-mentions = Nombre de mentions
chart-axis-reach = Portée
chart-axis-count = Nombre
chart-series-mentions = Mentions
chart-series-negative = Négatives
chart-series-neutral = Neutres
chart-series-positive = Positives
chart-series-cases = Dossiers
chart-series-topics = Sujets
reports-data-table = Tableau de données
reports-for-chart = de « { $chart } »
reports-csv = CSV
reports-csv-of = de « { $chart } »

## Thèmes de la période.

reports-top-themes = Thèmes principaux et en hausse
reports-no-themes = Aucun thème sur cette période.
reports-themes-caption = Les thèmes les plus mentionnés et leur évolution par rapport à la période précédente
reports-col-theme = Thème
reports-col-mentions = Mentions
reports-col-negative = Négatives
reports-col-change = Évolution
reports-rising = En hausse
reports-theme-new = nouveau
reports-csv-of-themes = des thèmes
reports-csv-cases = Chiffres des dossiers en CSV
reports-csv-community = Chiffres de la communauté en CSV
reports-csv-sentiment = Tonalité en CSV

## Retournement et satisfaction.

reports-turnaround = Retournement : des clients mécontents qui ont changé d’avis
reports-turnaround-intro = { $n ->
    [one] Parmi les clients qui ont ouvert un dossier sur cette période avec un message négatif et reçu une réponse, combien se sont montrés neutres ou positifs dans le jour qui a suivi : d’après leur enquête de satisfaction (3 ou plus), sinon d’après leur message suivant sur l’un de leurs canaux.
   *[other] Parmi les clients qui ont ouvert un dossier sur cette période avec un message négatif et reçu une réponse, combien se sont montrés neutres ou positifs dans les { $n } jours qui ont suivi : d’après leur enquête de satisfaction (3 ou plus), sinon d’après leur message suivant sur l’un de leurs canaux.
}
reports-turnaround-silent = { $n ->
    [one] { $n } ne s’est plus manifesté ensuite et n’est pas compté.
   *[other] { $n } ne se sont plus manifestés ensuite et ne sont pas comptés.
}
reports-turned = { $n ->
    [one] retourné ({ $turned } sur { $n })
   *[other] retournés ({ $turned } sur { $n })
}
reports-satisfaction = satisfaction
reports-csat-from = { $n ->
    [one] sur { $n } réponse
   *[other] sur { $n } réponses
}
reports-turnaround-by-channel = Retournement par canal
reports-turnaround-by-team = Retournement par équipe
reports-turnaround-by-agent = Retournement par agent
reports-turnaround-by-theme = Retournement par thème
reports-csat-by-team = Satisfaction par équipe
reports-csat-by-agent = Satisfaction par agent
reports-csat-by-channel = Satisfaction par canal
reports-col-channel = Canal
reports-col-team = Équipe
reports-col-agent = Agent
reports-col-turned = Retournés
reports-col-of = Sur
reports-col-rate = Taux
reports-col-answers = Réponses
reports-col-average = Moyenne
reports-col-satisfied = 4 ou 5
reports-examples = Exemples
reports-example-case = Dossier n° { $id } : { $subject }
reports-before = Avant :
reports-after = Après :
reports-turnaround-csv = Retournement en CSV

## La synthèse par e-mail.

reports-digest = Synthèse
reports-digest-recipients = Ces chiffres sont envoyés par e-mail aux parties prenantes indiquées dans le réglage
reports-digest-schedule = Chaque jour ou chaque semaine, selon le réglage
reports-digest-try = Envoyez-vous la synthèse de la dernière période pour la voir.
reports-digest-send = M’envoyer la synthèse maintenant
reports-digest-sent = Synthèse envoyée à { $to }.
