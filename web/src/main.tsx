import { render } from "preact";
import { App } from "./app.js";
import { adoptUrlToken } from "./auth.js";
import { initTheme } from "./theme.js";
import "./styles/theme.css";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/tables.css";
import "./styles/controls.css";
import "./styles/views.css";

adoptUrlToken();
initTheme();
render(<App />, document.getElementById("app")!);
