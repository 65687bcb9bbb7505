namespace Classroom.Server.Hosting.Https;

/// <summary>The words of the /tls page, in Russian (first, the schools' language) and English.</summary>
internal sealed record TlsPageText(
    string Code,
    string Title,
    string Continue,
    string SelfMadeIntro,
    string ServerFingerprint,
    string AuthorityFingerprint,
    string OnceTitle,
    IReadOnlyList<(string Who, string How)> OnceSteps,
    string ForeverTitle,
    string ForeverIntro,
    string Download,
    IReadOnlyList<(string Who, string How)> ForeverSteps,
    string ForeverCaution,
    string KioskTitle,
    string KioskIntro,
    string Configured,
    string Proxy,
    string PlainOnly)
{
    public static readonly TlsPageText Russian = new(
        "ru",
        "Защищённое подключение к «Классу»",
        "Перейти к уроку по защищённому адресу",
        "Этот школьный сервер сам выпустил себе сертификат: он не куплен в интернете, поэтому при первом входе браузер покажет предупреждение. "
            + "Это ожидаемо. Сверьте отпечаток ниже с тем, что показывает браузер (или журнал сервера), и разрешите вход один раз. "
            + "Без защищённого подключения браузер не даёт уроку камеру, микрофон и звук.",
        "Отпечаток сертификата сервера (SHA-256):",
        "Отпечаток центра сертификации школы (SHA-256):",
        "Разрешить один раз",
        [
            ("Android, Chrome", "«Ваше подключение не защищено» → «Дополнительные» → «Перейти на сайт … (небезопасно)»."),
            ("iPhone и iPad, Safari", "«Это подключение не является частным» → «Подробнее» → «посетить этот веб-сайт» → «Посетить веб-сайт»."),
            ("Компьютер, Chromium или Google Chrome (Windows, Linux)", "«Дополнительные» → «Перейти на сайт … (небезопасно)»."),
            ("Компьютер, Яндекс Браузер", "«Подробнее» → «Сделать исключение для этого сайта»."),
            ("Компьютер, Firefox", "«Дополнительно…» → «Принять риск и продолжить»."),
        ],
        "Доверять всегда (школьные компьютеры и телефоны)",
        "Установите центр сертификации школы один раз, и предупреждений больше не будет, даже когда у сервера сменится адрес.",
        "Скачать центр сертификации школы (classroom-ca.crt)",
        [
            ("Android", "Настройки → Безопасность → Шифрование и учётные данные → Установить сертификат → Сертификат ЦС → выбрать скачанный файл."),
            ("iPhone и iPad", "откройте ссылку в Safari → «Разрешить» → Настройки → «Профиль загружен» → «Установить»; затем Настройки → Основные → Об этом устройстве → Доверие сертификатам → включите «Classroom CA»."),
            ("Windows (Chromium, Chrome, Яндекс Браузер)", "откройте файл → «Установить сертификат» → «Локальный компьютер» → «Поместить все сертификаты в следующее хранилище» → «Доверенные корневые центры сертификации»."),
            ("Linux, Chromium или Яндекс Браузер", "Настройки → Конфиденциальность и безопасность → Безопасность → Настроить сертификаты → Центры сертификации → Импорт → отметьте «Доверять этому сертификату при идентификации сайтов»."),
            ("Firefox", "Настройки → Приватность и защита → Сертификаты → Просмотр сертификатов → Центры сертификации → Импортировать → «Доверять при идентификации веб-сайтов»."),
        ],
        "Перед установкой сверьте отпечаток центра сертификации. Его ключ хранится только на этом сервере (папка данных, tls/): берегите сервер, как берегут ключи от школы.",
        "Экран филиала (киоск)",
        "Браузер Chromium на экране можно запускать с этим ключом: он будет доверять именно этому серверу, и подтверждать ничего не придётся.",
        "Сервер использует сертификат, который настроил администратор; браузеры доверяют ему без вопросов.",
        "Сертификат хранит обратный прокси (Caddy или nginx) перед сервером; браузеры доверяют ему без вопросов.",
        "Сервер сейчас работает только по HTTP: укажите адрес https:// в параметре Urls.");

    public static readonly TlsPageText English = new(
        "en",
        "Secure connection to Classroom",
        "Go on to the lesson over the secure address",
        "This school server made its own certificate: it is not bought on the Internet, so the first visit shows a browser warning. "
            + "That is expected. Compare the fingerprint below with the one the browser (or the server's log) shows, and proceed once. "
            + "Without a secure connection the browser gives the lesson no camera, microphone or sound.",
        "Server certificate fingerprint (SHA-256):",
        "School certificate authority fingerprint (SHA-256):",
        "Proceed once",
        [
            ("Android, Chrome", "\"Your connection is not private\" → \"Advanced\" → \"Proceed to … (unsafe)\"."),
            ("iPhone and iPad, Safari", "\"This Connection Is Not Private\" → \"Show Details\" → \"visit this website\" → \"Visit Website\"."),
            ("PC, Chromium or Google Chrome (Windows, Linux)", "\"Advanced\" → \"Proceed to … (unsafe)\"."),
            ("PC, Yandex Browser", "\"Details\" → \"Make an exception for this site\"."),
            ("PC, Firefox", "\"Advanced…\" → \"Accept the Risk and Continue\"."),
        ],
        "Trust it for good (school PCs and phones)",
        "Install the school's certificate authority once and there are no more warnings, even when the server's address changes.",
        "Download the school's certificate authority (classroom-ca.crt)",
        [
            ("Android", "Settings → Security → Encryption & credentials → Install a certificate → CA certificate → pick the downloaded file."),
            ("iPhone and iPad", "open the link in Safari → \"Allow\" → Settings → \"Profile Downloaded\" → \"Install\"; then Settings → General → About → Certificate Trust Settings → turn on \"Classroom CA\"."),
            ("Windows (Chromium, Chrome, Yandex Browser)", "open the file → \"Install Certificate\" → \"Local Machine\" → \"Place all certificates in the following store\" → \"Trusted Root Certification Authorities\"."),
            ("Linux, Chromium or Yandex Browser", "Settings → Privacy and security → Security → Manage certificates → Authorities → Import → tick \"Trust this certificate for identifying websites\"."),
            ("Firefox", "Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import → \"Trust this CA to identify websites\"."),
        ],
        "Compare the authority's fingerprint before installing it. Its key is kept only on this server (data folder, tls/): guard the server as you guard the school's keys.",
        "Branch display (kiosk)",
        "Chromium on a display can be started with this flag: it then trusts exactly this server, with nothing to confirm.",
        "The server uses a certificate the admin configured; browsers trust it without asking.",
        "A reverse proxy (Caddy or nginx) in front of the server holds the certificate; browsers trust it without asking.",
        "The server listens on plain HTTP only: give an https:// address in Urls.");

    public const string Style = """
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; color: #1b1f24; }
        section + section { border-top: 1px solid #ccd; margin-top: 2rem; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
        .go a { display: inline-block; padding: .75rem 1rem; background: #1a5fb4; color: #fff; border-radius: .4rem; text-decoration: none; min-height: 44px; box-sizing: border-box; }
        code { word-break: break-all; } .fp { font-size: .85rem; }
        li { margin: .4rem 0; }
        """;
}
