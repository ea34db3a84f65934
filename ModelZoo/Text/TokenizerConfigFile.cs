using System.Text.Json;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Reads the settings of a Hugging Face tokenizer folder: <c>tokenizer_config.json</c>, then
/// <c>special_tokens_map.json</c>, whose tokens win (as in Hugging Face). Either file may be absent. Keys we do not use
/// (tokenizer_class, added_tokens_decoder, ...) are ignored; settings we cannot honour are refused, not ignored.
/// </summary>
internal static class TokenizerConfigFile
{
    /// <summary>Name of the settings file in a Hugging Face folder.</summary>
    public const string ConfigName = "tokenizer_config.json";

    /// <summary>Name of the special-tokens file in a Hugging Face folder.</summary>
    public const string SpecialTokensName = "special_tokens_map.json";

    /// <summary>The options the files in <paramref name="folder"/> set, over the defaults.</summary>
    public static BertTokenizerOptions Read(string folder)
    {
        var options = new BertTokenizerOptions();
        var config = Path.Combine(folder, ConfigName);
        if (File.Exists(config)) options = Apply(config, options, settings: true);
        var special = Path.Combine(folder, SpecialTokensName);
        if (File.Exists(special)) options = Apply(special, options, settings: false);
        return options;
    }

    private static BertTokenizerOptions Apply(string path, BertTokenizerOptions options, bool settings)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Bad(path, null, $"the file holds a JSON {Kind(root)}, not an object.");
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            options = property.Name switch
            {
                "unk_token" => options with { UnkToken = Token(path, property) },
                "sep_token" => options with { SepToken = Token(path, property) },
                "pad_token" => options with { PadToken = Token(path, property) },
                "cls_token" => options with { ClsToken = Token(path, property) },
                "mask_token" => options with { MaskToken = Token(path, property) },
                _ when !settings => options,
                "do_lower_case" => options with { LowerCase = Bool(path, property) },
                "strip_accents" => options with { StripAccents = value.ValueKind == JsonValueKind.Null ? null : Bool(path, property) },
                "tokenize_chinese_chars" => options with { TokenizeChineseChars = Bool(path, property) },
                "clean_up_tokenization_spaces" => options with { CleanUpTokenizationSpaces = Bool(path, property) },
                "model_max_length" => options with { ModelMaxLength = MaxLength(path, property) },
                "do_basic_tokenize" when !Bool(path, property) =>
                    throw Bad(path, property.Name, "false (WordPiece without the basic tokenizer) is not supported."),
                "never_split" when value.ValueKind != JsonValueKind.Null && (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > 0) =>
                    throw Bad(path, property.Name, "words that skip the basic tokenizer are not supported; the list must be empty or null."),
                _ => options,
            };
        }
        return options;
    }

    private static JsonDocument Parse(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > TokenizerLimits.MaxConfigBytes)
            throw Bad(path, null, $"the file has {length:N0} bytes, more than the {TokenizerLimits.MaxConfigBytes:N0} a tokenizer setting file may have " +
                                  "(TokenizerLimits.MaxConfigBytes).");
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw Bad(path, null, $"the file is not valid JSON: {e.Message}", e);
        }
    }

    // A special token is a string, or an AddedToken object whose "content" is the string.
    private static string Token(string path, JsonProperty property)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content)) value = content;
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } token)
            throw Bad(path, property.Name, $"a special token must be a non-empty string or an object with a \"content\" string; found a JSON {Kind(property.Value)}.");
        return token;
    }

    private static bool Bool(string path, JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Bad(path, property.Name, $"must be true or false; found a JSON {Kind(property.Value)}."),
    };

    // Hugging Face writes 1e30 (VERY_LARGE_INTEGER) for "no limit": anything past int range means no limit.
    private static int? MaxLength(string path, JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Null) return null;
        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out double value) || value < 2 || value != Math.Floor(value))
            throw Bad(path, property.Name, $"must be a whole number of at least 2; found {property.Value.GetRawText()}.");
        return value > int.MaxValue ? null : (int)value;
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static ModelFileException Bad(string path, string? key, string problem, Exception? inner = null) =>
        new(path, key, problem, inner);
}
