// Receiver choices, last-N and link quality (issue 13).
// Russian first (the default), then English; the Key type and both languages are checked in i18n.ts.

export const ru = {
  "reception.label": "Получать",
  "reception.classLabel": "Класс получает",
  "reception.auto": "Авто",
  "reception.low": "Экономно",
  "reception.audioOnly": "Только звук",
  "reception.capped": "Учитель ограничил класс: {mode}",
  "reception.forced": "Связь слабая — включён режим «только звук»",
  "reception.paused": "Видео не передаётся, чтобы сберечь связь",
  "link.good": "Связь хорошая",
  "link.poor": "Связь слабая",
  "link.bad": "Связь плохая",
  "link.figures": "{level}. Потери {loss} %{rtt}{estimate}. Получено {down}, отправлено {up}",
  "link.rtt": ", задержка {ms} мс",
  "link.estimate": ", канал {kbps} кбит/с",
  "link.megabytes": "{n} МБ",
  "err.reception.unknown_mode": "Неизвестный режим получения видео.",
  "err.reception.rate_limited": "Режим получения меняли слишком часто. Подождите минуту.",
};

export const en: Record<keyof typeof ru, string> = {
  "reception.label": "Receive",
  "reception.classLabel": "Class receives",
  "reception.auto": "Auto",
  "reception.low": "Data saver",
  "reception.audioOnly": "Audio only",
  "reception.capped": "The teacher limited the class: {mode}",
  "reception.forced": "Weak connection — switched to audio only",
  "reception.paused": "Video paused to spare the connection",
  "link.good": "Good connection",
  "link.poor": "Weak connection",
  "link.bad": "Bad connection",
  "link.figures": "{level}. Loss {loss} %{rtt}{estimate}. Received {down}, sent {up}",
  "link.rtt": ", delay {ms} ms",
  "link.estimate": ", bandwidth {kbps} kbit/s",
  "link.megabytes": "{n} MB",
  "err.reception.unknown_mode": "Unknown receive mode.",
  "err.reception.rate_limited": "The receive mode was changed too often. Wait a minute.",
};
