# Compartido por todas las páginas: navegación, pie, errores, roles, tiempos.

nav-skip = Saltar al contenido
nav-menu = Menú
nav-main = Principal
nav-account = Cuenta
nav-community = Comunidad
nav-kb = Centro de ayuda
nav-events = Encuentros
nav-search = Buscar
nav-work = Equipo
nav-inbox = Bandeja
nav-listening = Escucha
nav-themes = Temas
nav-praise = Elogios
nav-advocates = Embajadores
nav-reports = Informes
nav-kb-review = Artículos por revisar
nav-kb-articles = Artículos
nav-kb-new = Escribir un artículo
nav-moderation = Moderación
nav-moderation-queue = Cola de revisión
nav-moderation-filters = Filtros de palabras
nav-moderation-log = Registro de moderación
nav-triage = Configurar clasificación
nav-admin = Administración
nav-users = Usuarios
nav-sources = Fuentes
nav-audit = Registro de auditoría
nav-notifications = Notificaciones
nav-unread = { $n ->
    [one] { $n } notificación sin leer
   *[other] { $n } notificaciones sin leer
}
nav-account-settings = Ajustes de la cuenta
nav-notification-settings = Ajustes de correo
nav-login = Iniciar sesión
nav-signup = Registrarse
nav-logout = Cerrar sesión

section-cases = Casos
section-listening = Escucha
section-engagement = Participación
section-moderation = Moderación
section-admin = Administración
section-kb = Base de conocimiento
section-account = Tu cuenta

badge-staff = Equipo
role-member = Miembro
role-agent = Agente
role-manager = Responsable
role-admin = Administrador

footer-runs-on = { $hub } funciona con Chorus, el centro de atención al cliente social de código abierto.
footer-language = Idioma
footer-language-apply = Cambiar idioma
language-changed = El sitio se muestra ahora en español.
language-unknown = Ese idioma no está disponible aquí; la página sigue como estaba.

error-400 = No pudimos usar esa solicitud
error-401 = Inicia sesión
error-403 = No permitido
error-404 = Página no encontrada
error-405 = No disponible de esta forma
error-408 = Tardó demasiado
error-413 = Demasiado grande
error-429 = Ve un poco más despacio
error-503 = No disponible temporalmente
error-500 = Algo salió mal
error-other = Algo no está bien
error-code = Error { $status }
error-home = Ir a la página de inicio

time-now = ahora mismo
time-ago-minutes = { $n ->
    [one] hace { $n } minuto
   *[other] hace { $n } minutos
}
time-ago-hours = { $n ->
    [one] hace { $n } hora
   *[other] hace { $n } horas
}
time-ago-days = { $n ->
    [one] hace { $n } día
   *[other] hace { $n } días
}
time-ago-months = { $n ->
    [one] hace { $n } mes
   *[other] hace { $n } meses
}
time-ago-years = { $n ->
    [one] hace { $n } año
   *[other] hace { $n } años
}
time-in-minutes = { $n ->
    [one] dentro de { $n } minuto
   *[other] dentro de { $n } minutos
}
time-in-hours = { $n ->
    [one] dentro de { $n } hora
   *[other] dentro de { $n } horas
}
time-in-days = { $n ->
    [one] dentro de { $n } día
   *[other] dentro de { $n } días
}
time-in-months = { $n ->
    [one] dentro de { $n } mes
   *[other] dentro de { $n } meses
}
time-in-years = { $n ->
    [one] dentro de { $n } año
   *[other] dentro de { $n } años
}

form-fix = { $n ->
    [one] Corrige este problema:
   *[other] Corrige estos problemas:
}
flag = Denunciar
flag-this = { $kind ->
    [reply] Denunciar esta respuesta
   *[other] Denunciar este tema
}
flag-what = ¿Qué problema tiene?
flag-note = Nota para los moderadores (opcional)
flag-send = Enviar denuncia
masked-summary = Texto ofensivo oculto para protegerte.
masked-reveal = Mostrarlo
kind-question = ¿Qué tipo de tema es?
