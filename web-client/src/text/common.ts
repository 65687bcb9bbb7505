// The frame: app name, language switch, words every page uses.
// Russian first (the default), then English; the Key type and both languages are checked in i18n.ts.

export const ru = {
  "app.title": "Онлайн-класс",

  "lang.switch": "English",
  "lang.switchTitle": "Switch to English",

  "common.loading": "Загрузка…",
  "common.save": "Сохранить",
  "common.cancel": "Отмена",
  "common.copy": "Копировать",
  "common.copied": "Скопировано",
  "common.back": "← На главную",
  "common.print": "Печать",
  "common.yes": "да",
  "common.none": "—",
  "common.retry": "Попробовать снова",
  "common.notFound": "Страница не найдена.",
  "common.toHome": "На главную",
};

export const en: Record<keyof typeof ru, string> = {
  "app.title": "Classroom",

  "lang.switch": "Русский",
  "lang.switchTitle": "Переключить на русский",

  "common.loading": "Loading…",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.copy": "Copy",
  "common.copied": "Copied",
  "common.back": "← Home",
  "common.print": "Print",
  "common.yes": "yes",
  "common.none": "—",
  "common.retry": "Try again",
  "common.notFound": "Page not found.",
  "common.toHome": "Home",
};
