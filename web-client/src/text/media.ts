// Audio and video: the stage, devices, notices, own camera.
// Russian first (the default), then English; the Key type and both languages are checked in i18n.ts.

export const ru = {
  "media.stage": "Видео урока",
  "media.empty": "Пока никто не включил камеру или микрофон.",
  "media.you": "Вы",
  "media.screenOf": "Экран: {name}",
  "media.muted": "микрофон выключен",
  "media.enableSound": "Включить звук",
  "media.unsupported": "Этот браузер не поддерживает видео и звук урока. Чат работает.",
  "media.noDevices": "Камера и микрофон недоступны: вы можете смотреть и слушать урок, но вас не видно и не слышно.",
  "media.noCamera": "Камера недоступна: вас только слышно.",
  "media.noMicrophone": "Микрофон недоступен: вас только видно.",
  "media.publishFailed": "Не удалось передать ваш звук и видео. Смотреть и слушать урок можно.",
  "media.receiveFailed": "Не удалось получить видео и звук урока. Обновите страницу.",
  "media.screenUnsupported": "На этом устройстве нельзя показать экран.",
  "media.screenFailed": "Не удалось начать показ экрана.",
  "media.refused.camera": "Сервер не принял видео вашей камеры: другие участники вас не видят. Попробуйте другой или обновлённый браузер.",
  "media.refused.microphone": "Сервер не принял звук вашего микрофона: другие участники вас не слышат. Попробуйте другой или обновлённый браузер.",
  "media.refused.screen": "Сервер не принял показ экрана: другие участники его не видят. Попробуйте другой или обновлённый браузер.",
  "media.refused.several": "Сервер не принял часть вашего звука и видео: другие участники видят и слышат не всё. Попробуйте другой или обновлённый браузер.",
};

export const en: Record<keyof typeof ru, string> = {
  "media.stage": "Lesson video",
  "media.empty": "Nobody has turned on a camera or microphone yet.",
  "media.you": "You",
  "media.screenOf": "Screen: {name}",
  "media.muted": "microphone off",
  "media.enableSound": "Turn on sound",
  "media.unsupported": "This browser cannot play the lesson's video and sound. The chat works.",
  "media.noDevices": "Camera and microphone are unavailable: you can watch and listen, but others cannot see or hear you.",
  "media.noCamera": "The camera is unavailable: others can only hear you.",
  "media.noMicrophone": "The microphone is unavailable: others can only see you.",
  "media.publishFailed": "Your sound and video could not be sent. You can still watch and listen.",
  "media.receiveFailed": "The lesson's video and sound could not be received. Reload the page.",
  "media.screenUnsupported": "Screen sharing is not possible on this device.",
  "media.screenFailed": "Screen sharing could not start.",
  "media.refused.camera": "The server did not accept your camera's video: others cannot see you. Try another or an updated browser.",
  "media.refused.microphone": "The server did not accept your microphone's sound: others cannot hear you. Try another or an updated browser.",
  "media.refused.screen": "The server did not accept your screen share: others cannot see it. Try another or an updated browser.",
  "media.refused.several": "The server did not accept part of your sound and video: others do not see and hear all of it. Try another or an updated browser.",
};
