import { useMantineColorScheme } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useSettings } from "../lib/queries";

/** Applies the saved language and theme whenever the settings change. */
export function PreferencesSync() {
  const { i18n } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const settings = useSettings();
  const language = settings.data?.settings.language;
  const theme = settings.data?.settings.theme;

  useEffect(() => {
    if (language && i18n.language !== language) {
      void i18n.changeLanguage(language);
      document.documentElement.lang = language;
    }
  }, [language, i18n]);

  useEffect(() => {
    if (theme) setColorScheme(theme === "system" ? "auto" : theme);
  }, [theme, setColorScheme]);

  return null;
}
