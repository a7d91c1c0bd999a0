// Loads the Yew app. A separate file because the CSP allows no inline script.
import init from "./authdesk_ui.js";

init();
