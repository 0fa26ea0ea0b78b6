# ruff: noqa: E501  (demo texts are data: one sentence per line reads better than split strings)
"""Demo content for `make run`: a few themes and Q&As in EN, FR and ES, written by us for the
demonstration site and marked as demo (never the ILO's text), and the service pages of seed 000.
Idempotent: a second run finds the pages by slug and creates nothing."""

from django.conf import settings
from django.db import transaction

from labourdesk.helpdesk.models.taxonomy import Topic

THEMES = [
    {
        "slug": "demo-working-time",
        "topics": ["working_time"],
        "en": (
            "Working time (demo)",
            "Demo theme written for the demonstration site: how enterprises organise hours of work and rest.",
        ),
        "fr": (
            "Durée du travail (démo)",
            "Thème de démonstration rédigé pour le site de démonstration : comment les entreprises organisent la durée du travail et le repos.",
        ),
        "es": (
            "Tiempo de trabajo (demo)",
            "Tema de demostración redactado para el sitio de demostración: cómo las empresas organizan el tiempo de trabajo y el descanso.",
        ),
    },
    {
        "slug": "demo-social-dialogue",
        "topics": ["social_dialogue", "company_union_dialogue"],
        "en": (
            "Social dialogue (demo)",
            "Demo theme written for the demonstration site: talking with workers' representatives.",
        ),
        "fr": (
            "Dialogue social (démo)",
            "Thème de démonstration rédigé pour le site de démonstration : dialoguer avec les représentants des travailleurs.",
        ),
        "es": (
            "Diálogo social (demo)",
            "Tema de demostración redactado para el sitio de demostración: dialogar con los representantes de los trabajadores.",
        ),
    },
]
QUESTIONS = [
    {
        "slug": "demo-overtime-records",
        "topics": ["working_time"],
        "en": (
            "Should overtime be recorded? (demo)",
            "Our suppliers ask whether overtime hours must be recorded separately. (Demo question written for testing.)",
            "Demo answer, written for the demonstration site: keeping a separate record of overtime helps check that limits and pay rules are respected.",
        ),
        "fr": (
            "Faut-il enregistrer les heures supplémentaires ? (démo)",
            "Nos fournisseurs demandent si les heures supplémentaires doivent être enregistrées à part. (Question de démonstration rédigée pour les tests.)",
            "Réponse de démonstration, rédigée pour le site de démonstration : tenir un registre distinct des heures supplémentaires aide à vérifier le respect des plafonds et des règles de rémunération.",
        ),
        "es": (
            "¿Hay que registrar las horas extraordinarias? (demo)",
            "Nuestros proveedores preguntan si las horas extraordinarias deben registrarse por separado. (Pregunta de demostración redactada para pruebas.)",
            "Respuesta de demostración, redactada para el sitio de demostración: llevar un registro separado de las horas extraordinarias ayuda a comprobar que se respetan los límites y las reglas de pago.",
        ),
    },
    {
        "slug": "demo-weekly-rest",
        "topics": ["working_time"],
        "en": (
            "How is weekly rest organised? (demo)",
            "How do enterprises plan a weekly rest day in shift work? (Demo question written for testing.)",
            "Demo answer, written for the demonstration site: a rota planned in advance, shared with the workers, makes the weekly rest day predictable.",
        ),
        "fr": (
            "Comment organiser le repos hebdomadaire ? (démo)",
            "Comment les entreprises prévoient-elles un jour de repos hebdomadaire dans le travail posté ? (Question de démonstration.)",
            "Réponse de démonstration, rédigée pour le site de démonstration : un planning établi à l'avance et communiqué aux travailleurs rend le jour de repos prévisible.",
        ),
        "es": (
            "¿Cómo se organiza el descanso semanal? (demo)",
            "¿Cómo planifican las empresas un día de descanso semanal en el trabajo por turnos? (Pregunta de demostración.)",
            "Respuesta de demostración, redactada para el sitio de demostración: un calendario planificado con antelación y comunicado a los trabajadores hace previsible el día de descanso.",
        ),
    },
    {
        "slug": "demo-worker-committee",
        "topics": ["social_dialogue"],
        "en": (
            "Can a worker committee replace a union? (demo)",
            "Can a workplace committee stand in for a trade union? (Demo question written for testing.)",
            "Demo answer, written for the demonstration site: a committee can support dialogue at the workplace, but it should not be used to undermine workers' freedom to form and join unions.",
        ),
        "fr": (
            "Un comité de travailleurs peut-il remplacer un syndicat ? (démo)",
            "Un comité d'entreprise peut-il tenir lieu de syndicat ? (Question de démonstration.)",
            "Réponse de démonstration, rédigée pour le site de démonstration : un comité peut soutenir le dialogue sur le lieu de travail, sans servir à restreindre la liberté des travailleurs de constituer des syndicats et de s'y affilier.",
        ),
        "es": (
            "¿Puede un comité de trabajadores sustituir a un sindicato? (demo)",
            "¿Puede un comité de empresa hacer las veces de sindicato? (Pregunta de demostración.)",
            "Respuesta de demostración, redactada para el sitio de demostración: un comité puede apoyar el diálogo en el lugar de trabajo, sin utilizarse para limitar la libertad de los trabajadores de constituir sindicatos y afiliarse a ellos.",
        ),
    },
]
# The services of seed 000, in our words (the seed is the ILO's French document on its work with
# enterprises): (service, slug, {language: (title, description)}).
SERVICES = [
    (
        "dialogue",
        "company-union-dialogue",
        {
            "en": (
                "Company–union dialogue facilitation",
                "A multinational enterprise and a trade union can ask together for a neutral place to discuss matters of mutual interest. Requests are confidential.",
            ),
            "fr": (
                "Facilitation du dialogue entre entreprises et syndicats",
                "Une entreprise multinationale et un syndicat peuvent demander ensemble un terrain neutre pour discuter de questions d'intérêt mutuel. Les demandes sont confidentielles.",
            ),
            "es": (
                "Facilitación del diálogo entre empresas y sindicatos",
                "Una empresa multinacional y un sindicato pueden solicitar juntos un espacio neutral para tratar cuestiones de interés mutuo. Las solicitudes son confidenciales.",
            ),
        },
    ),
    (
        "partnerships",
        "public-private-partnerships",
        {
            "en": (
                "Projects and public–private partnerships",
                "Programmes and partnerships in which the ILO brings together governments, employers' and workers' organisations and enterprises, with their addresses.",
            ),
            "fr": (
                "Projets et partenariats public-privé",
                "Programmes et partenariats par lesquels le BIT réunit gouvernements, organisations d'employeurs et de travailleurs et entreprises, avec leurs adresses.",
            ),
            "es": (
                "Proyectos y alianzas público-privadas",
                "Programas y alianzas en los que la OIT reúne a gobiernos, organizaciones de empleadores y de trabajadores y empresas, con sus direcciones.",
            ),
        },
    ),
    (
        "networks",
        "peer-learning-networks",
        {
            "en": (
                "Peer-learning networks and platforms",
                "Networks and platforms through which enterprises learn from one another and work together, with their addresses.",
            ),
            "fr": (
                "Réseaux et plateformes d'apprentissage entre pairs",
                "Réseaux et plateformes par lesquels les entreprises apprennent les unes des autres et collaborent, avec leurs adresses.",
            ),
            "es": (
                "Redes y plataformas de aprendizaje entre pares",
                "Redes y plataformas a través de las cuales las empresas aprenden unas de otras y colaboran, con sus direcciones.",
            ),
        },
    ),
    (
        "training",
        "training-opportunities",
        {
            "en": (
                "Training opportunities",
                "Courses of the International Training Centre of the ILO (ITC-ILO), with their addresses.",
            ),
            "fr": (
                "Possibilités de formation",
                "Cours du Centre international de formation de l'OIT (CIF-OIT), avec leurs adresses.",
            ),
            "es": (
                "Oportunidades de formación",
                "Cursos del Centro Internacional de Formación de la OIT (CIF-OIT), con sus direcciones.",
            ),
        },
    ),
    (
        "employers",
        "employers-bureau",
        {
            "en": (
                "Bureau for Employers' Activities",
                "The ILO's liaison with the employers' and business organisations of its member States (ACT/EMP), and an entry point for individual companies.",
            ),
            "fr": (
                "Bureau des activités pour les employeurs",
                "Le lien du BIT avec les organisations d'employeurs et d'entreprises de ses États membres (ACT/EMP), et une porte d'entrée pour les entreprises.",
            ),
            "es": (
                "Oficina de Actividades para los Empleadores",
                "El enlace de la OIT con las organizaciones de empleadores y empresariales de sus Estados Miembros (ACT/EMP), y una puerta de entrada para las empresas.",
            ),
        },
    ),
]


def _write(stdout, line):
    if stdout is not None:
        stdout.write(line)


@transaction.atomic
def create_demo(stdout=None) -> dict:
    from labourdesk.knowledge import models as km
    from labourdesk.knowledge.services import page_translate

    home = km.HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    qa_index = km.QAIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None or qa_index is None:
        _write(stdout, "knowledge demo: run load_reference_data first")
        return {"created": 0}
    created = 0
    for kind, slug, texts in SERVICES:
        page = km.ServicePage.objects.filter(slug=slug, locale=home.locale).first()
        if page is None:
            title, body = texts["en"]
            page = km.ServicePage(title=title, slug=slug, service=kind, body=f"<p>{body}</p>")
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        # Also on a site whose service pages predate their translations.
        for language in ("fr", "es"):
            if km.ServicePage.objects.filter(
                translation_key=page.translation_key,
                locale__language_code=language,
                alias_of__isnull=True,
            ).exists():
                continue
            title, body = texts[language]
            page_translate(
                actor=None, page=page, language=language, strings={"title": title, "body": body}
            )
            created += 1
    for spec, model, parent in [(t, km.ThemePage, home) for t in THEMES] + [
        (q, km.QuestionPage, qa_index) for q in QUESTIONS
    ]:
        if model.objects.filter(slug=spec["slug"], locale=parent.locale).exists():
            continue
        topics = list(Topic.objects.filter(code__in=spec["topics"]))
        if model is km.ThemePage:
            title, intro = spec["en"]
            page = model(title=title, slug=spec["slug"], intro=f"<p>{intro}</p>", demo=True)
        else:
            title, question, answer = spec["en"]
            page = model(
                title=title,
                slug=spec["slug"],
                question=question,
                answer=f"<p>{answer}</p>",
                demo=True,
            )
        parent.add_child(instance=page)
        page.topics.set(topics)
        page.save_revision().publish()
        created += 1
        for language in ("fr", "es"):
            values = spec[language]
            strings = {"title": values[0]}
            if model is km.ThemePage:
                strings["intro"] = values[1]
            else:
                strings["question"] = values[1]
                strings["answer"] = values[2]
            page_translate(actor=None, page=page, language=language, strings=strings)
            created += 1
    _write(stdout, f"knowledge demo: {created} pages created")
    return {"created": created}
