using System.Globalization;

namespace InteropGateway.Adapters.Rtmp.Protocol;

public enum AmfType
{
    Number,
    Boolean,
    String,
    Object,
    Null,
    Undefined,
    EcmaArray,
    StrictArray,
    Date,
}

/// <summary>
/// A decoded AMF0 value. Commands and metadata are rare (not the media path), so a small object
/// graph per command is fine. Objects and ECMA arrays keep property order, which some players
/// (and our tests) depend on when the value is written back.
/// </summary>
public sealed class AmfValue
{
    public static readonly AmfValue Null = new(AmfType.Null);
    public static readonly AmfValue Undefined = new(AmfType.Undefined);

    private readonly double _number;
    private readonly string? _string;
    private readonly AmfObject? _object;
    private readonly IReadOnlyList<AmfValue>? _array;

    private AmfValue(AmfType type, double number = 0, string? text = null, AmfObject? obj = null, IReadOnlyList<AmfValue>? array = null, short timezone = 0)
    {
        Type = type;
        _number = number;
        _string = text;
        _object = obj;
        _array = array;
        DateTimezoneMinutes = timezone;
    }

    public AmfType Type { get; }
    /// <summary>Reserved by the spec, kept for round trips.</summary>
    public short DateTimezoneMinutes { get; }

    public static AmfValue Number(double value) => new(AmfType.Number, value);
    public static AmfValue Boolean(bool value) => new(AmfType.Boolean, value ? 1 : 0);
    public static AmfValue String(string value) => new(AmfType.String, text: value);
    public static AmfValue Object(AmfObject value) => new(AmfType.Object, obj: value);
    public static AmfValue EcmaArray(AmfObject value) => new(AmfType.EcmaArray, obj: value);
    public static AmfValue StrictArray(IReadOnlyList<AmfValue> items) => new(AmfType.StrictArray, array: items);
    /// <summary>Milliseconds since the Unix epoch, UTC.</summary>
    public static AmfValue Date(double unixMilliseconds, short timezoneMinutes = 0) => new(AmfType.Date, unixMilliseconds, timezone: timezoneMinutes);

    public static implicit operator AmfValue(double value) => Number(value);
    public static implicit operator AmfValue(bool value) => Boolean(value);
    public static implicit operator AmfValue(string? value) => value is null ? Null : String(value);
    public static implicit operator AmfValue(AmfObject value) => Object(value);

    public bool IsNullOrUndefined => Type is AmfType.Null or AmfType.Undefined;
    public bool IsObjectLike => Type is AmfType.Object or AmfType.EcmaArray;

    public double AsNumber => Type is AmfType.Number or AmfType.Date ? _number : throw WrongType(AmfType.Number);
    public bool AsBoolean => Type == AmfType.Boolean ? _number != 0 : throw WrongType(AmfType.Boolean);
    public string AsString => Type == AmfType.String ? _string! : throw WrongType(AmfType.String);
    /// <summary>Properties of an object or ECMA array.</summary>
    public AmfObject AsObject => _object ?? throw WrongType(AmfType.Object);
    public IReadOnlyList<AmfValue> AsArray => _array ?? throw WrongType(AmfType.StrictArray);

    public string? StringOrNull => Type == AmfType.String ? _string : null;
    public double? NumberOrNull => Type == AmfType.Number ? _number : null;

    /// <summary>A string property of an object-like value (e.g. "app" in connect's command object), else null.</summary>
    public string? GetString(string name) => _object?.GetString(name);
    public double? GetNumber(string name) => _object?.GetNumber(name);

    private InvalidOperationException WrongType(AmfType wanted) => new($"AMF value is {Type}, not {wanted}");

    public override string ToString() => Type switch
    {
        AmfType.Number => _number.ToString(CultureInfo.InvariantCulture),
        AmfType.Boolean => _number != 0 ? "true" : "false",
        AmfType.String => $"\"{_string}\"",
        AmfType.Object or AmfType.EcmaArray => _object!.ToString(),
        AmfType.StrictArray => $"[{string.Join(", ", _array!)}]",
        AmfType.Date => $"Date({_number.ToString(CultureInfo.InvariantCulture)})",
        _ => Type.ToString().ToLowerInvariant(),
    };

    /// <summary>Structural equality, for tests and for detecting metadata changes.</summary>
    public bool ValueEquals(AmfValue? other)
    {
        if (other is null || other.Type != Type)
            return false;
        return Type switch
        {
            AmfType.Number or AmfType.Boolean => _number.Equals(other._number),
            AmfType.Date => _number.Equals(other._number) && DateTimezoneMinutes == other.DateTimezoneMinutes,
            AmfType.String => _string == other._string,
            AmfType.Object or AmfType.EcmaArray => _object!.ValueEquals(other._object!),
            AmfType.StrictArray => _array!.Count == other._array!.Count && _array.Zip(other._array).All(p => p.First.ValueEquals(p.Second)),
            _ => true,
        };
    }
}

/// <summary>Ordered AMF object / ECMA array properties with lookup by name (last one wins).</summary>
public sealed class AmfObject : IReadOnlyList<KeyValuePair<string, AmfValue>>
{
    private readonly List<KeyValuePair<string, AmfValue>> _properties = new();

    public int Count => _properties.Count;
    public KeyValuePair<string, AmfValue> this[int index] => _properties[index];

    /// <summary>The property or <see cref="AmfValue.Undefined"/> when absent.</summary>
    public AmfValue this[string name] => TryGet(name, out var value) ? value : AmfValue.Undefined;

    /// <summary>Adds or replaces a property, keeping its first position.</summary>
    public AmfObject Set(string name, AmfValue value)
    {
        for (var i = 0; i < _properties.Count; i++)
        {
            if (_properties[i].Key == name)
            {
                _properties[i] = new(name, value);
                return this;
            }
        }
        _properties.Add(new(name, value));
        return this;
    }

    public bool TryGet(string name, out AmfValue value)
    {
        foreach (var property in _properties)
        {
            if (property.Key == name)
            {
                value = property.Value;
                return true;
            }
        }
        value = AmfValue.Undefined;
        return false;
    }

    public string? GetString(string name) => TryGet(name, out var v) ? v.StringOrNull : null;
    public double? GetNumber(string name) => TryGet(name, out var v) ? v.NumberOrNull : null;

    public Dictionary<string, AmfValue> ToDictionary()
    {
        var dictionary = new Dictionary<string, AmfValue>(_properties.Count, StringComparer.Ordinal);
        foreach (var (key, value) in _properties)
            dictionary[key] = value;
        return dictionary;
    }

    public bool ValueEquals(AmfObject other) =>
        Count == other.Count && _properties.Zip(other._properties).All(p => p.First.Key == p.Second.Key && p.First.Value.ValueEquals(p.Second.Value));

    public IEnumerator<KeyValuePair<string, AmfValue>> GetEnumerator() => _properties.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", _properties.Select(p => $"{p.Key}: {p.Value}")) + "}";
}
