// Coming in: the code form, observers, the waiting screen and lobby, being removed.
// Russian first (the default), then English; the Key type and both languages are checked in i18n.ts.

export const ru = {
  "code.title": "Вход на урок",
  "code.label": "Код входа",
  "code.placeholder": "например, K7M2-PQ9R-XT",
  "code.submit": "Войти",
  "code.hint": "Код выдаёт учитель. Большие и маленькие буквы, пробелы и дефисы не важны.",

  "observer.title": "Вход наблюдателя",
  "observer.name": "Ваше имя (его увидит учитель)",
  "observer.submit": "Войти",

  "lobby.title": "Зал ожидания",
  "lobby.hello": "{name}, вы в зале ожидания.",
  "lobby.wait": "Ожидайте, учитель скоро впустит вас",
  "lobby.sentBack": "Учитель перевёл вас в зал ожидания.",

  "removed.title.1": "Учитель временно удалил вас с урока",
  "removed.title.2": "Учитель удалил вас с урока",
  "removed.title.3": "Учитель запретил вам вход",
  "removed.title.4": "Учитель не впустил вас на урок",
  "removed.title.5": "Вы отключены: слишком много сообщений подряд",
  "removed.hint.1": "После этого времени можно войти снова — через зал ожидания.",
  "removed.hint.2": "Можно попробовать войти снова — учитель решит, впустить ли вас.",
  "removed.hint.3": "Если это ошибка, обратитесь к учителю.",
  "removed.hint.4": "Если это ошибка, обратитесь к учителю или попробуйте войти снова.",
  "removed.hint.5": "Подождите немного и войдите снова.",
  "removed.until": "До {time}",
  "removed.reason": "Причина: {reason}",
  "removed.retry": "Войти снова",
};

export const en: Record<keyof typeof ru, string> = {
  "code.title": "Join a lesson",
  "code.label": "Join code",
  "code.placeholder": "e.g. K7M2-PQ9R-XT",
  "code.submit": "Join",
  "code.hint": "Your teacher gives you the code. Case, spaces and dashes do not matter.",

  "observer.title": "Observer entry",
  "observer.name": "Your name (the teacher will see it)",
  "observer.submit": "Enter",

  "lobby.title": "Lobby",
  "lobby.hello": "{name}, you are in the lobby.",
  "lobby.wait": "Please wait, the teacher will let you in soon",
  "lobby.sentBack": "The teacher moved you to the lobby.",

  "removed.title.1": "The teacher removed you from the lesson for a while",
  "removed.title.2": "The teacher removed you from the lesson",
  "removed.title.3": "The teacher has banned you",
  "removed.title.4": "The teacher did not let you in",
  "removed.title.5": "Disconnected: too many messages in a row",
  "removed.hint.1": "After that time you may join again, through the lobby.",
  "removed.hint.2": "You may try to join again; the teacher decides whether to let you in.",
  "removed.hint.3": "If this is a mistake, talk to your teacher.",
  "removed.hint.4": "If this is a mistake, talk to your teacher or try again.",
  "removed.hint.5": "Wait a little and join again.",
  "removed.until": "Until {time}",
  "removed.reason": "Reason: {reason}",
  "removed.retry": "Join again",
};
