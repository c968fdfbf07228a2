namespace Lgc.Lab.Evaluation;

/// <summary>attributes.tsv: header "idx" + the 40 CelebA attribute names, then one row per image of 0/1 values.</summary>
internal static class AttributesTable
{
    public static Dictionary<string, bool?[]> Load(string path)
    {
        if (!File.Exists(path)) throw new LgcException($"attributes '{path}' do not exist");
        var rows = new Dictionary<string, bool?[]>(StringComparer.Ordinal);
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Trim().Length == 0) continue;
            var c = line.Split('\t');
            if (c.Length != AttributeStats.Count + 1)
                throw new LgcException($"attributes '{path}' line {n} has {c.Length - 1} attribute columns, expected {AttributeStats.Count} (tab-separated, after the id)");
            if (n == 1) continue; // header: idx + names
            var v = new bool?[AttributeStats.Count];
            for (int k = 0; k < v.Length; k++)
                v[k] = c[k + 1].Trim() switch
                {
                    "1" => true,
                    "0" or "-1" => false,
                    "" or "nan" or "NaN" => null,
                    var s => throw new LgcException($"attributes '{path}' line {n} column {k + 2} is '{s}', expected 0 or 1"),
                };
            rows[c[0].Trim()] = v;
        }
        if (n == 0) throw new LgcException($"attributes '{path}' are empty");
        return rows;
    }
}
