// i18next set-up: pt-BR first (the users' language), English second.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ptBR from "./pt-BR.json";

export const LANGUAGES = ["pt-BR", "en"] as const;
export const resources = { "pt-BR": { translation: ptBR }, en: { translation: en } } as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: "pt-BR",
  fallbackLng: "pt-BR",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
