// moved: the canonical event is domain data; import from "../usage/event.js"
export * from "../usage/event.js";
