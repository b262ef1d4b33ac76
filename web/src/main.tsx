import { render } from "preact";
import { App } from "./app.js";
import { adoptUrlToken } from "./auth.js";
import { initTheme } from "./theme.js";
import "./styles.css";

adoptUrlToken();
initTheme();
render(<App />, document.getElementById("app")!);
