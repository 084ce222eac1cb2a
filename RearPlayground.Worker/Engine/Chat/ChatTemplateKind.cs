namespace RearPlayground.Worker.Engine.Chat;

/// <summary>The chat-template families the engine can format without a Jinja engine.</summary>
public enum ChatTemplateKind
{
    /// <summary>Plain language model: no chat template, text is used as is.</summary>
    None,
    /// <summary><c>&lt;|im_start|&gt;role\n…&lt;|im_end|&gt;</c> (Qwen, SmolLM, OpenHermes, …).</summary>
    ChatMl,
    /// <summary><c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c> … <c>&lt;|eot_id|&gt;</c> (Llama 3.x).</summary>
    Llama3,
    /// <summary><c>&lt;s&gt;[INST] &lt;&lt;SYS&gt;&gt;…</c> (Llama-2-chat, CodeLlama-Instruct).</summary>
    Llama2,
    /// <summary><c>&lt;start_of_turn&gt;user</c> … <c>&lt;end_of_turn&gt;</c> (Gemma 1/2/3).</summary>
    Gemma,
    /// <summary><c>&lt;|user|&gt;\n…&lt;|end|&gt;</c> (Phi-3, Phi-3.5).</summary>
    Phi3,
    /// <summary><c>[INST] … [/INST]</c> without <c>&lt;&lt;SYS&gt;&gt;</c> (Mistral/Mixtral Instruct v0.1–v0.3, Nemo).</summary>
    Mistral,
}
