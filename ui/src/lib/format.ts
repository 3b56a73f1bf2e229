// Numbers and dates in the UI's language ("1.234" and "29/11/2026 09:14" in pt-BR), not the
// webview's default locale.
import { useTranslation } from "react-i18next";

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    number: (value: number) => value.toLocaleString(locale),
    dateTime: (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" }),
    time: (iso: string) => new Date(iso).toLocaleTimeString(locale, { timeStyle: "medium" }),
  };
}
