export { sqlFromFile, sqlFromStrings, looksLikeSql, isProse } from "./embedded.js";
