"""The player's interface words, by base language (course text itself is the author's).

Keys are the ones player.js and quiz.js look up; English fills any gap.
"""

from __future__ import annotations

from ..i18n import base_language

EN = {
    "skip": "Skip to the content", "contents": "Contents", "previous": "Previous", "next": "Next",
    "progress": "{done} of {total} lessons visited", "page_of": "Page {n} of {total}",
    "visited": "visited", "glossary": "Glossary", "submit": "Submit answers", "retry": "Try again",
    "hint": "Show a hint", "hint_n": "Hint {n} of {total}", "correct": "Correct", "incorrect": "Not correct",
    "unanswered": "Not answered", "score": "Your score: {percent}%. Pass mark: {mark}%.",
    "passed": "You passed this quiz.", "failed": "You have not passed this quiz yet.",
    "attempts_left": "Attempts left: {n}.", "no_attempts": "No attempts left.",
    "best": "Best score so far: {percent}%.", "answer_is": "Correct answer:", "your_order": "Your order",
    "move_up": "Move up", "move_down": "Move down", "moved": "{item}: now position {n} of {total}",
    "choose": "Choose…", "your_answer": "Your answer", "save_failed": "Your progress could not be saved. "
    "Keep this window open and check your connection; we will try again when you move on.",
    "saved_again": "Your progress is saved again.", "browse_mode": "Review mode: your answers are not recorded.",
    "no_credit": "Practice launch: your progress is saved, but scores from this launch do not count.",
    "course_done": "You have completed the course.", "noscript": "This course needs JavaScript.",
    "no_lms": "The learning platform did not answer: your progress is kept in this browser only.",
    "state_partial": "Part of your saved progress could not be read; everything else is kept.",
}

TRANSLATIONS: dict[str, dict[str, str]] = {
    "fr": {"skip": "Aller au contenu", "contents": "Sommaire", "previous": "Précédent", "next": "Suivant",
           "progress": "{done} leçons vues sur {total}", "page_of": "Page {n} sur {total}", "visited": "vue",
           "glossary": "Glossaire", "submit": "Valider les réponses", "retry": "Réessayer",
           "hint": "Afficher un indice", "hint_n": "Indice {n} sur {total}", "correct": "Correct",
           "incorrect": "Incorrect", "unanswered": "Sans réponse",
           "score": "Votre score : {percent} %. Seuil de réussite : {mark} %.", "passed": "Quiz réussi.",
           "failed": "Quiz pas encore réussi.", "attempts_left": "Tentatives restantes : {n}.",
           "no_attempts": "Plus de tentative.", "best": "Meilleur score : {percent} %.",
           "answer_is": "Bonne réponse :", "move_up": "Monter", "move_down": "Descendre",
           "moved": "{item} : position {n} sur {total}", "choose": "Choisir…", "your_answer": "Votre réponse",
           "course_done": "Vous avez terminé le cours.", "noscript": "Ce cours nécessite JavaScript.",
           "state_partial": "Une partie de votre progression n'a pas pu être lue ; le reste est conservé."},
    "es": {"skip": "Ir al contenido", "contents": "Índice", "previous": "Anterior", "next": "Siguiente",
           "progress": "{done} de {total} lecciones vistas", "page_of": "Página {n} de {total}", "visited": "vista",
           "glossary": "Glosario", "submit": "Enviar respuestas", "retry": "Intentar de nuevo",
           "hint": "Ver una pista", "correct": "Correcto", "incorrect": "Incorrecto", "unanswered": "Sin respuesta",
           "passed": "Ha aprobado este cuestionario.", "failed": "Aún no ha aprobado este cuestionario.",
           "answer_is": "Respuesta correcta:", "move_up": "Subir", "move_down": "Bajar", "choose": "Elegir…",
           "course_done": "Ha completado el curso.", "noscript": "Este curso necesita JavaScript."},
    "pt": {"skip": "Ir para o conteúdo", "contents": "Sumário", "previous": "Anterior", "next": "Seguinte",
           "progress": "{done} de {total} lições vistas", "page_of": "Página {n} de {total}", "visited": "vista",
           "glossary": "Glossário", "submit": "Enviar respostas", "retry": "Tentar de novo",
           "hint": "Ver uma dica", "correct": "Correto", "incorrect": "Incorreto", "unanswered": "Sem resposta",
           "passed": "Passou neste questionário.", "failed": "Ainda não passou neste questionário.",
           "answer_is": "Resposta correta:", "move_up": "Subir", "move_down": "Descer", "choose": "Escolher…",
           "course_done": "Concluiu o curso.", "noscript": "Este curso precisa de JavaScript."},
    "ar": {"skip": "انتقل إلى المحتوى", "contents": "المحتويات", "previous": "السابق", "next": "التالي",
           "progress": "تمت زيارة {done} من {total} دروس", "page_of": "الصفحة {n} من {total}", "visited": "تمت زيارته",
           "glossary": "مسرد المصطلحات", "submit": "إرسال الإجابات", "retry": "حاول مرة أخرى",
           "hint": "اعرض تلميحًا", "hint_n": "التلميح {n} من {total}", "correct": "صحيح", "incorrect": "غير صحيح",
           "unanswered": "لم تتم الإجابة", "score": "نتيجتك: {percent}٪. درجة النجاح: {mark}٪.",
           "passed": "لقد نجحت في هذا الاختبار.", "failed": "لم تنجح في هذا الاختبار بعد.",
           "attempts_left": "المحاولات المتبقية: {n}.", "no_attempts": "لم تتبق محاولات.",
           "best": "أفضل نتيجة حتى الآن: {percent}٪.", "answer_is": "الإجابة الصحيحة:", "your_order": "ترتيبك",
           "move_up": "انقل إلى أعلى", "move_down": "انقل إلى أسفل", "moved": "{item}: الآن في الموضع {n} من {total}",
           "choose": "اختر…", "your_answer": "إجابتك",
           "save_failed": "تعذر حفظ تقدمك. أبقِ هذه النافذة مفتوحة وتحقق من اتصالك؛ سنحاول مرة أخرى عند انتقالك.",
           "saved_again": "تم حفظ تقدمك من جديد.", "browse_mode": "وضع المراجعة: لا تُسجَّل إجاباتك.",
           "no_credit": "تشغيل للتدريب: يُحفظ تقدمك، لكن الدرجات في هذا التشغيل لا تُحتسب.",
           "course_done": "لقد أكملت المقرر.", "noscript": "يحتاج هذا المقرر إلى JavaScript."},
}


def ui_strings(language: str) -> dict[str, str]:
    return {**EN, **TRANSLATIONS.get(base_language(language), {})}
